import { Pipe, PipeTransform } from '@angular/core';

/** "updated 3 s ago" from a timestamp and the current time (pass a ticking `now`). */
@Pipe({ name: 'updatedAgo' })
export class UpdatedAgoPipe implements PipeTransform {
  transform(updatedAt: number | null | undefined, now: number): string {
    if (!updatedAt) return 'not loaded yet';
    const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
    return seconds < 60 ? `updated ${seconds} s ago` : `updated ${Math.round(seconds / 60)} min ago`;
  }
}
