import { Pipe, PipeTransform } from '@angular/core';

const CURRENCY = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const COMPACT = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

/** `$1,234.50`: every amount of money the dashboard shows goes through this. */
export function formatMoney(amount: number): string {
  return CURRENCY.format(amount);
}

/** `$12.3K`, for chart axes. */
export function formatMoneyCompact(amount: number): string {
  return COMPACT.format(amount);
}

/** `{{ order.total | money }}` */
@Pipe({ name: 'money' })
export class MoneyPipe implements PipeTransform {
  transform(amount: number | null | undefined): string {
    return amount === null || amount === undefined ? '–' : formatMoney(amount);
  }
}
