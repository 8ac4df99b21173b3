// Proves the core boundary rule in eslint.config.mjs bites: lints fixture sources as if they were
// files under projects/ngx-cache-hub/core/src and expects a no-restricted-imports error for each
// forbidden import, and none for a core-internal one. Part of `npm run lint`.
import { ESLint } from 'eslint';

const eslint = new ESLint();
const filePath = 'projects/ngx-cache-hub/core/src/hub/__lint-fixture__.ts';
const forbidden = ['@angular/core', '@angular/common/http', 'ngx-cache-hub', 'ngx-cache-hub/realtime', 'ngx-cache-hub/offline', 'ngx-cache-hub/testing'];
let failures = 0;
for (const name of [...forbidden, './cache-key']) {
  const [result] = await eslint.lintText(`import { x } from '${name}';\nexport const y = x;\n`, { filePath });
  const hits = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
  const expected = forbidden.includes(name) ? 1 : 0;
  if (hits.length !== expected) {
    failures++;
    console.error(`core boundary rule: import of '${name}' gave ${hits.length} no-restricted-imports errors, expected ${expected}`);
  }
}
if (failures) process.exit(1);
console.log(`core boundary rule: ${forbidden.length} forbidden imports reported, core-internal import allowed`);
