/*
 * Internal: what the Angular entry points of this package share with the core. Not part of the
 * public API; every name starts with ɵ and may change in any release.
 */
export { assertValidNamespace as ɵassertValidNamespace, describe as ɵdescribe, namespaceOf as ɵnamespaceOf } from './hub/cache-key';
export { FORBIDDEN_KEYS as ɵFORBIDDEN_KEYS, findForbiddenOwnKey as ɵfindForbiddenOwnKey } from './hub/forbidden-keys';
