import { HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { SessionService } from './session.service';

/** Sends the signed-in user's bearer token with every API request. */
export const authInterceptor: HttpInterceptorFn = (request, next) => next(request.clone({ setHeaders: { Authorization: `Bearer ${inject(SessionService).token()}` } }));
