import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The files of a `DATA_DIR` (see `dataDirPaths`). */
const DATA_DIR_FILES = ['snapshot.json', 'commands.jsonl', 'lock', 'head'];
/** How the files of a `DATA_FILE` end, beside the snapshot at that path (see `dataFilePaths`). */
const DATA_FILE_SUFFIXES = ['.commands.jsonl', '.lock', '.head'];

/**
 * Refuses a `DATA_FILE` inside a `DATA_DIR` and a `DATA_DIR` holding `DATA_FILE` files: the two
 * forms take different locks, so a process of one form would not see a process of the other on
 * the same files, and would rewrite its snapshot.
 */
export function refuseOverlappingDataPaths(options: { dataDir?: string; dataFile?: string }): void {
  if (options.dataFile !== undefined) {
    const dir = dirname(options.dataFile);
    const dirFiles = ['commands.jsonl', 'lock', 'head'].filter((file) => existsSync(join(dir, file)));
    const ownFile = DATA_DIR_FILES.includes(basename(options.dataFile)) && dirFiles.length > 0;
    if (ownFile || dirFiles.includes('lock') || dirFiles.includes('commands.jsonl')) {
      throw new Error(
        `ngx-cache-hub live-server: DATA_FILE=${options.dataFile} is inside the data directory ${dir} (it holds ${dirFiles.join(', ')}), ` +
          `whose files a DATA_DIR server uses under another lock. Use DATA_DIR=${dir} instead, or put DATA_FILE in a directory of its own.`,
      );
    }
  }
  if (options.dataDir !== undefined && existsSync(options.dataDir)) {
    const foreign = readdirSync(options.dataDir).filter((file) => DATA_FILE_SUFFIXES.some((suffix) => file.endsWith(suffix) && file !== suffix.slice(1)));
    if (foreign.length > 0) {
      throw new Error(
        `ngx-cache-hub live-server: DATA_DIR=${options.dataDir} holds files of a DATA_FILE server (${foreign.join(', ')}), which uses another lock. ` +
          'Give each server a directory of its own.',
      );
    }
  }
}
