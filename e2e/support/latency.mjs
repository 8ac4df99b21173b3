// Helpers of the push-to-DOM latency measurement.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

/** Epoch milliseconds with sub-millisecond resolution, comparable with the page's `performance.timeOrigin + performance.now()`. */
const nodeNow = () => performance.timeOrigin + performance.now();

/**
 * The page clock minus the node clock, from the round trip with the smallest delay
 * (NTP-style); `uncertaintyMs` is half that round trip.
 */
export async function measureClockOffset(page, rounds = 25) {
  let best;
  for (let i = 0; i < rounds; i++) {
    const sent = nodeNow();
    const pageTime = await page.evaluate(() => performance.timeOrigin + performance.now());
    const received = nodeNow();
    const roundTrip = received - sent;
    if (!best || roundTrip < best.roundTrip) best = { roundTrip, offsetMs: pageTime - (sent + received) / 2 };
  }
  return { offsetMs: best.offsetMs, uncertaintyMs: best.roundTrip / 2 };
}

/**
 * A WebSocket client straight to the reference server, subscribed to products: it stamps each
 * product version the moment the server's frame arrives (the "emitted" time of a sample).
 */
export async function openProbe(apiPort) {
  const socket = new WebSocket(`ws://127.0.0.1:${apiPort}/ws`);
  const samples = [];
  const seqs = [];
  let recording = false;
  socket.on('message', (data) => {
    const at = nodeNow();
    const frame = JSON.parse(data.toString());
    if (frame.type === 'PING') return socket.send(JSON.stringify({ type: 'PONG' }));
    if (!recording || frame.data?.entityType !== 'products') return;
    seqs.push([at, frame.seq]);
    if (frame.type === 'ENTITY_UPDATED') samples.push({ id: frame.data.entityId, version: frame.data.version, at });
    else if (frame.type === 'BULK_UPDATE') for (const update of frame.data.updates) samples.push({ id: update.entityId, version: update.version, at });
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the probe WebSocket did not open within 5 s')), 5_000);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  socket.send(JSON.stringify({ type: 'SUBSCRIBE', entityType: 'products' }));
  return {
    samples,
    start: () => (recording = true),
    stop: () => (recording = false),
    /** Server events per second over the recording, from the global gap-free seq counter. */
    eventRate() {
      if (seqs.length < 2) return 0;
      const [firstAt, firstSeq] = seqs[0];
      const [lastAt, lastSeq] = seqs.at(-1);
      return ((lastSeq - firstSeq) * 1000) / (lastAt - firstAt);
    },
    close: () => socket.terminate(),
  };
}

/** Starts recording, in the page, when each product row's data-version changes: [time, id, version]. */
export function observeVersions(page) {
  return page.evaluate(() => {
    const log = [];
    window.__e2eVersionLog = log;
    const record = (row, at) => log.push([at, row.getAttribute('data-product'), Number(row.getAttribute('data-version'))]);
    const observer = new MutationObserver((mutations) => {
      const at = performance.timeOrigin + performance.now();
      for (const mutation of mutations) {
        if (mutation.type === 'attributes') record(mutation.target, at);
        else for (const node of mutation.addedNodes) if (node.nodeType === 1 && node.matches('tr[data-product]')) record(node, at);
      }
    });
    observer.observe(document.querySelector('tbody'), { subtree: true, childList: true, attributes: true, attributeFilter: ['data-version'] });
    window.__e2eStopVersionLog = () => observer.disconnect();
  });
}

/**
 * Matches each sample { id, version, at } (node clock) with the first DOM record of that product
 * showing that version or a newer one (page clock, corrected by `offsetMs`). Returns the
 * latencies, the samples never shown, and how many were shown only through a newer version.
 */
export function matchSamples(samples, log, offsetMs) {
  const byProduct = new Map();
  for (const [at, id, version] of log) {
    if (!byProduct.has(id)) byProduct.set(id, []);
    byProduct.get(id).push({ at: at - offsetMs, version });
  }
  const latencies = [];
  const missing = [];
  let superseded = 0;
  for (const sample of samples) {
    const shown = byProduct.get(sample.id)?.find((record) => record.version >= sample.version);
    if (!shown) {
      missing.push(sample);
      continue;
    }
    if (shown.version > sample.version) superseded++;
    latencies.push(shown.at - sample.at);
  }
  return { latencies, missing, superseded };
}

/** Nearest-rank percentile of sorted numbers. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
