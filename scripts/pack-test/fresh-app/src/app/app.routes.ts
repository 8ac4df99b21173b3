import { Routes } from '@angular/router';
import { CustomerPage } from './customer.page';

export const routes: Routes = [
  { path: 'customers/:id', component: CustomerPage },
  { path: '', pathMatch: 'full', redirectTo: 'customers/1' },
];
