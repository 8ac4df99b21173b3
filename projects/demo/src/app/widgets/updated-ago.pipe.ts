import { Pipe, PipeTransform } from '@angular/core';

/** "updated 3 s ago" from a timestamp and the current time (pass a ticking `now`); the word before "3 s ago" can be changed. */
@Pipe({ name: 'updatedAgo' })
export class UpdatedAgoPipe implements PipeTransform {
  transform(updatedAt: number | null | undefined, now: number, prefix = 'updated'): string {
    if (!updatedAt) return 'not loaded yet';
    const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
    if (seconds < 60) return `${prefix} ${seconds} s ago`;
    if (seconds < 3600) return `${prefix} ${Math.round(seconds / 60)} min ago`;
    if (seconds < 48 * 3600) return `${prefix} ${Math.round(seconds / 3600)} h ago`;
    return `${prefix} ${Math.round(seconds / 86400)} d ago`;
  }
}
