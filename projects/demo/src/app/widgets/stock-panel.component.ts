import { AsyncPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import type { Product } from '../data/models';
import { ProductsService } from '../data/products.service';

/** Live stock with low-stock alerts, optimistic purchases and offline-safe renames. */
@Component({
  selector: 'app-stock-panel',
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let state = products$ | async;
    <h2>Stock <span class="muted">{{ state?.value?.totalCount }} products</span></h2>
    @if (message(); as text) { <p class="low" data-testid="stock-message">{{ text }}</p> }
    @if (state && !state.hasValue) {
      <p [class.low]="!!state.error" data-testid="stock-status">
        @if (state.error) {
          The products could not be loaded (the server is unreachable). They load as soon as it is back.
          <button (click)="reload()" data-testid="reload">Retry now</button>
        } @else {
          Loading the products…
        }
      </p>
    }
    <table>
      <thead><tr><th>Product</th><th>Category</th><th>Price</th><th>Stock</th><th></th></tr></thead>
      <tbody>
        @for (product of state?.value?.items; track product.id) {
          <tr [attr.data-product]="product.id" [attr.data-version]="product.version">
            <td>
              @if (editing() === product.id) {
                <input #name [value]="product.name" (keydown.enter)="rename(product, name.value)" (keydown.escape)="editing.set(null)" />
              } @else {
                <span data-testid="name" (dblclick)="editing.set(product.id)">{{ product.name }}</span>
              }
            </td>
            <td>{{ product.category }}</td>
            <td>{{ product.price.toFixed(2) }}</td>
            <td data-testid="stock" [class.low]="product.stock <= product.lowStockThreshold">
              {{ product.stock }}@if (product.stock <= product.lowStockThreshold) { ⚠ }
            </td>
            <td>
              <button (click)="buy(product)" data-testid="buy">Buy</button>
              <button (click)="editing.set(product.id)" data-testid="edit">Edit</button>
            </td>
          </tr>
        }
      </tbody>
    </table>
  `,
})
export class StockPanelComponent {
  private readonly products = inject(ProductsService);
  readonly products$ = this.products.list$();
  readonly editing = signal<string | null>(null);
  readonly message = signal<string | null>(null);

  reload(): void {
    this.products.reload();
  }

  buy(product: Product): void {
    this.message.set(null);
    this.products.buy(product).subscribe({ error: () => this.message.set(`${product.name}: the server refused the purchase, stock restored`) });
  }

  rename(product: Product, name: string): void {
    this.editing.set(null);
    if (name.trim() && name !== product.name) void this.products.rename(product.id, name.trim());
  }
}
