import { Pipe, PipeTransform } from '@angular/core';

/** "updated 3 s ago" from a timestamp and the current time (pass a ticking `now`); the word before "3 s ago" can be changed. */
@Pipe({ name: 'updatedAgo' })
export class UpdatedAgoPipe implements PipeTransform {
  transform(updatedAt: number | null | undefined, now: number, prefix = 'updated'): string {
    if (!updatedAt) return 'not loaded yet';
    const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
    return seconds < 60 ? `${prefix} ${seconds} s ago` : `${prefix} ${Math.round(seconds / 60)} min ago`;
  }
}
