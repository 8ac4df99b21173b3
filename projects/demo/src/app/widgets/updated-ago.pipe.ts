import { Pipe, PipeTransform } from '@angular/core';

const DATE = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/**
 * "updated 3 s ago" from a timestamp and the current time (pass a ticking `now`); the word before
 * "3 s ago" can be changed or left out. Older than two days, the date: "on 7 Jan 2025".
 */
@Pipe({ name: 'updatedAgo' })
export class UpdatedAgoPipe implements PipeTransform {
  transform(updatedAt: number | null | undefined, now: number, prefix = 'updated'): string {
    if (!updatedAt) return 'not loaded yet';
    const lead = prefix ? `${prefix} ` : '';
    const seconds = Math.max(0, Math.round((now - updatedAt) / 1000));
    if (seconds < 60) return `${lead}${seconds} s ago`;
    if (seconds < 3600) return `${lead}${Math.round(seconds / 60)} min ago`;
    if (seconds < 48 * 3600) return `${lead}${Math.round(seconds / 3600)} h ago`;
    return `${lead}on ${DATE.format(updatedAt)}`;
  }
}
