import { AsyncPipe } from '@angular/common';
import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { OfflineSyncService } from 'ngx-cache-hub/offline';
import { RealtimeCacheService } from 'ngx-cache-hub/realtime';
import { tap } from 'rxjs';
import { TimeChartComponent } from '../charts/time-chart.component';
import type { Product } from '../data/models';
import { MoneyPipe } from '../data/money';
import { ProductsService } from '../data/products.service';
import { isLow, StockWatchService } from '../data/stock-watch.service';
import { AutofocusDirective } from './autofocus.directive';
import { injectChangeFlash } from './change-flash';

const MESSAGE_MS = 8_000;

type SortKey = 'id' | 'name' | 'stock';
const SORT_OPTIONS: readonly { key: SortKey; label: string }[] = [
  { key: 'id', label: 'No.' },
  { key: 'name', label: 'Name' },
  { key: 'stock', label: 'Lowest stock' },
];
const productNumber = (product: Product) => Number(/\d+$/.exec(product.id)?.[0] ?? 0);

/** The products in the chosen order: the server's product number, the name, or the stock (lowest first, then the name). */
function sortProducts(items: readonly Product[], sortBy: SortKey): readonly Product[] {
  const compare =
    sortBy === 'name'
      ? (a: Product, b: Product) => a.name.localeCompare(b.name) || productNumber(a) - productNumber(b)
      : sortBy === 'stock'
        ? (a: Product, b: Product) => a.stock - b.stock || a.name.localeCompare(b.name)
        : (a: Product, b: Product) => productNumber(a) - productNumber(b);
  return [...items].sort(compare);
}

/** The products in the order last shown (new ones at the end). */
function holdOrder(items: readonly Product[], ids: readonly string[]): readonly Product[] {
  const place = new Map(ids.map((id, index) => [id, index]));
  return [...items].sort((a, b) => (place.get(a.id) ?? ids.length) - (place.get(b.id) ?? ids.length));
}

/** Live stock: changed cells flash, rows waiting to sync are marked, purchases are optimistic, renames survive offline. */
@Component({
  selector: 'app-stock-panel',
  imports: [AsyncPipe, MoneyPipe, TimeChartComponent, AutofocusDirective],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'stock' },
  template: `
    @let state = products$ | async;
    <div class="stock-head">
      <h2 title="Click a row to see its stock over time">
        Stock <span class="muted">{{ state?.value?.totalCount }} products · click a row</span>
      </h2>
      <span class="sort" role="group" aria-label="Sort the products" data-testid="sort">
        <span class="muted">sort</span>
        @for (option of sortOptions; track option.key) {
          <button class="toggle" [class.on]="sortBy() === option.key" [attr.aria-pressed]="sortBy() === option.key" [attr.data-sort]="option.key" (click)="sortBy.set(option.key)">
            {{ option.label }}
          </button>
        }
        @if (held()) {
          <span class="muted" data-testid="order-held" title="The rows keep their places while the pointer is over the table; they re-sort when it leaves">order held</span>
        }
      </span>
      @if (selected(); as product) {
        <div class="spark" data-testid="sparkline-box">
          <span class="muted">{{ product.name }}</span>
          <app-time-chart
            data-testid="stock-sparkline"
            kind="spark"
            [height]="28"
            [series]="watch.stockHistory(product.id)"
            [color]="isLow(product) ? '#b42318' : '#2f6fed'"
            [label]="product.name + ' stock over time'"
            emptyText=""
          />
          <b [class.low]="isLow(product)">{{ product.stock }}</b>
        </div>
      }
    </div>
    @if (message(); as note) {
      <p class="message" [class.message-error]="note.kind === 'error'" data-testid="stock-message" role="status">
        {{ note.text }} <button class="link" (click)="message.set(null)" aria-label="Dismiss">×</button>
      </p>
    }
    @if (state && !state.hasValue) {
      <p [class.low]="!!state.error" data-testid="stock-status">
        @if (retrying()) {
          Retrying: asking the server again…
        } @else if (state.error) {
          The products could not be loaded: the server is unreachable. They load as soon as it is back.
          <button (click)="reload()" data-testid="reload">Retry now</button>
        } @else {
          Loading the products…
        }
      </p>
    }
    <div class="table-scroll" (pointerenter)="pointerInside.set(true)" (pointerleave)="pointerInside.set(false)">
      <table>
        <thead>
          <tr>
            <th>Product</th>
            <th>Category</th>
            <th class="num">Price</th>
            <th class="num">Stock</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          @for (product of rows(); track product.id) {
            <tr
              [attr.data-product]="product.id"
              [attr.data-version]="product.version"
              (click)="selectedId.set(product.id)"
              [class.selected]="selected().id === product.id"
              [class.syncing]="waiting().has(product.id)"
            >
              <td>
                @if (editing() === product.id) {
                  <span class="edit" (click)="$event.stopPropagation()">
                    <input
                      #name
                      appAutofocus
                      [value]="product.name"
                      aria-label="Product name"
                      data-testid="name-input"
                      (keydown.enter)="rename(product, name.value)"
                      (keydown.escape)="editing.set(null)"
                    />
                    <button (click)="rename(product, name.value)" data-testid="save">Save</button>
                    <button (click)="editing.set(null)" data-testid="cancel">Cancel</button>
                  </span>
                } @else {
                  <span data-testid="name" [class.flash]="flash.flashing(product.id, 'name')" (dblclick)="editing.set(product.id)">{{ product.name }}</span>
                  @if (waiting().has(product.id)) {
                    <span class="tag" data-testid="waiting-sync">waiting to sync</span>
                  }
                  @if (buying().has(product.id)) {
                    <span class="tag">buying…</span>
                  }
                }
              </td>
              <td class="muted">{{ product.category }}</td>
              <td class="num" data-testid="price" [class.flash]="flash.flashing(product.id, 'price')">{{ product.price | money }}</td>
              <td class="num" data-testid="stock" [class.low]="isLow(product)" [class.flash]="flash.flashing(product.id, 'stock')">
                {{ product.stock }}
                @if (isLow(product)) {
                  ⚠
                }
              </td>
              <td class="actions">
                <button (click)="buy(product); $event.stopPropagation()" data-testid="buy">Buy</button>
                <button (click)="editing.set(product.id); $event.stopPropagation()" data-testid="edit">Edit</button>
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
})
export class StockPanelComponent {
  private readonly products = inject(ProductsService);
  private readonly sync = inject(OfflineSyncService);
  private readonly status = inject(RealtimeCacheService).connectionStatus;
  readonly watch = inject(StockWatchService);
  readonly flash = injectChangeFlash<Product>(['name', 'price', 'stock']);
  /** The products as the server lists them (p-1 … p-40); an update changes a row in place, never its position. */
  private readonly items = signal<readonly Product[]>([]);
  readonly products$ = this.products.list$().pipe(
    tap((state) => {
      if (!state.value) return;
      this.flash.observe(state.value.items);
      this.items.set(state.value.items);
    }),
  );
  readonly sortOptions = SORT_OPTIONS;
  /** The order the user chose; "lowest stock first" is one they pick, never the default. */
  readonly sortBy = signal<SortKey>('id');
  /** While the pointer is over the table, rows keep their places (a Buy lands on the row aimed at). */
  readonly pointerInside = signal(false);
  private shownOrder: { sortBy: SortKey; ids: readonly string[] } = { sortBy: 'id', ids: [] };
  /** The rows in the order shown: the chosen sort, held while the pointer is over the table or a row is being edited. */
  readonly rows = computed(() => {
    const items = this.items();
    const sortBy = this.sortBy();
    const hold = (this.pointerInside() || this.editing() !== null) && this.shownOrder.sortBy === sortBy;
    const rows = hold ? holdOrder(items, this.shownOrder.ids) : sortProducts(items, sortBy);
    this.shownOrder = { sortBy, ids: rows.map((product) => product.id) };
    return rows;
  });
  /** Whether the order is held now and would differ once released (shown as "order held"). */
  readonly held = computed(() => {
    const rows = this.rows();
    const sorted = sortProducts(this.items(), this.sortBy());
    return rows.some((product, index) => sorted[index]?.id !== product.id);
  });
  readonly editing = signal<string | null>(null);
  readonly message = signal<{ kind: 'error' | 'info'; text: string } | null>(null);
  readonly selectedId = signal<string | null>(null);
  readonly buying = signal<ReadonlySet<string>>(new Set());
  /** The product the sparkline shows: the one clicked, else the lowest-stock alert, else the first. */
  readonly selected = computed(() => {
    const items = this.items();
    const id = this.selectedId() ?? this.watch.alerts()[0]?.product.id;
    return items.find((product) => product.id === id) ?? items[0];
  });
  /** Products with a rename waiting in the offline queue. */
  readonly waiting = computed(() => new Set(this.sync.pending().flatMap((action) => (action.type === 'product.rename' ? [(action.payload as { id: string }).id] : []))));
  readonly isLow = isLow;
  private messageTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    inject(DestroyRef).onDestroy(() => clearTimeout(this.messageTimer));
  }

  /** Set for a moment after "Retry now", so the click visibly did something even when the server is still down. */
  readonly retrying = signal(false);

  reload(): void {
    this.retrying.set(true);
    this.products.reload();
    setTimeout(() => this.retrying.set(false), 1_200);
  }

  buy(product: Product): void {
    this.message.set(null);
    this.buying.update((ids) => new Set(ids).add(product.id));
    const done = () => this.buying.update((ids) => new Set([...ids].filter((id) => id !== product.id)));
    this.products.buy(product).then(done, (error: unknown) => {
      done();
      this.say('error', purchaseFailure(product, error));
    });
  }

  rename(product: Product, name: string): void {
    this.editing.set(null);
    const trimmed = name.trim();
    if (!trimmed) {
      this.say('info', `A product needs a name: “${product.name}” was kept.`);
      return;
    }
    if (trimmed === product.name) return;
    this.products.rename(product.id, trimmed);
    if (this.status() !== 'connected') this.say('info', `“${trimmed}” is shown now and saved once the server is back.`);
  }

  private say(kind: 'error' | 'info', text: string): void {
    clearTimeout(this.messageTimer);
    this.message.set({ kind, text });
    this.messageTimer = setTimeout(() => this.message.set(null), MESSAGE_MS);
  }
}

/** Why a purchase did not happen, in words: unreachable is not refused. */
function purchaseFailure(product: Product, error: unknown): string {
  const status = error instanceof HttpErrorResponse ? error.status : 0;
  if (status === 0 || status === 502 || status === 503 || status === 504) {
    return `${product.name}: the server is unreachable, so nothing was bought; the stock shown is the server's last. Try again once it is back.`;
  }
  const reason = error instanceof HttpErrorResponse ? (error.error as { error?: string } | null)?.error : undefined;
  if (status === 409) return `${product.name}: the server refused the purchase (${reason ?? 'not enough stock'}); stock restored.`;
  return `${product.name}: the purchase failed (HTTP ${status}${reason ? `: ${reason}` : ''}); stock restored.`;
}
