import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { CacheHubService, CacheNamespace } from 'ngx-cache-hub';
import type { Metrics } from './models';

/** Revenue and counts of the whole shop: no push channel, so they poll every 5 s and are refetched after pushed order events. */
@CacheNamespace('metrics')
@Injectable({ providedIn: 'root' })
export class MetricsService {
  private readonly hub = inject(CacheHubService);
  private readonly http = inject(HttpClient);

  /** Signals of the metrics entry; call in an injection context. */
  summary() {
    return this.hub.fetchSignal<Metrics>('summary', () => this.http.get<Metrics>('/api/metrics'), { refetchInterval: 5_000 });
  }

  /** Loads the metrics again now. */
  refresh(): void {
    this.hub.refetch('summary');
  }
}
