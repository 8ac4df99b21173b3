import { HttpEventType, type HttpInterceptorFn } from '@angular/common/http';
import { tap } from 'rxjs';
import { withStreamPosition } from 'ngx-cache-hub';

/** The response header that says which stream position an answer reflects (`<epoch>:<seq>`). */
export const STREAM_POSITION_HEADER = 'X-Stream-Position';

/**
 * Notes the `X-Stream-Position` of every HttpClient answer on its body, so that entries fetched
 * with HttpClient say which stream position they reflect: the real-time layer then resumes the
 * type from there and never misses an event between a fetch and its subscription (without it,
 * entries fetched before a subscription are fetched again once it is live). The server must
 * expose the header to the page (`Access-Control-Expose-Headers` across origins).
 *
 * @example
 * provideHttpClient(withInterceptors([streamPositionInterceptor]))
 */
export const streamPositionInterceptor: HttpInterceptorFn = (request, next) =>
  next(request).pipe(
    tap((event) => {
      if (event.type === HttpEventType.Response) withStreamPosition(event.body, event.headers.get(STREAM_POSITION_HEADER));
    }),
  );
