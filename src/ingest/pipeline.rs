//! Reading, parsing and counting at once: one thread reads (and
//! decompresses) blocks, the parsing threads parse them and split each
//! block's events by pair into shards, and one counting thread per shard
//! counts its events in the order of the blocks. A pair's events all go to
//! one shard, in file order, so the result does not depend on which thread
//! parsed what nor on how many shards there are.

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Condvar, Mutex};

use super::families::{parse, Block, Context};
use super::input::{read_sources, Source};
use super::row::{Event, Parsed};
use super::summary::Skipped;
use super::IngestError;
use crate::Problem;

/// One shard's part of a parsed block.
pub(crate) struct Part {
    pub seq: u64,
    /// The block's text, shared by its parts (events' spans point into it).
    pub text: Arc<Vec<u8>>,
    pub events: Vec<Event>,
    /// The block's rows and skips (the first shard's part only).
    pub rows: u64,
    pub skipped: Skipped,
    pub bad: Option<Problem>,
}

/// What counts a shard's parts, in block order.
pub(crate) trait Counter: Send {
    fn add(&mut self, part: Part, ctx: &Context) -> Result<(), IngestError>;
}

/// The shard of an event: a hash of its unordered pair of actor ids.
fn shard_of(e: &Event, shards: usize) -> usize {
    if shards == 1 {
        return 0;
    }
    let (x, y) = if e.a.id <= e.b.id {
        (&e.a.id, &e.b.id)
    } else {
        (&e.b.id, &e.a.id)
    };
    // FNV-1a: stable, and cheap on short ids.
    let h = x
        .bytes()
        .chain([0])
        .chain(y.bytes())
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    (h % shards as u64) as usize
}

/// Splits a parsed block into one part per shard.
fn split(seq: u64, parsed: Parsed, ctx: &Context, shards: usize) -> Vec<Part> {
    let Parsed {
        text,
        mut events,
        rows,
        skipped,
        bad,
    } = parsed;
    let text = Arc::new(text);
    let mut lists: Vec<Vec<Event>> = (0..shards).map(|_| ctx.events.get()).collect();
    if shards == 1 {
        std::mem::swap(&mut lists[0], &mut events);
    } else {
        for e in events.drain(..) {
            let s = shard_of(&e, shards);
            lists[s].push(e);
        }
    }
    ctx.events.put(events);
    lists
        .into_iter()
        .enumerate()
        .map(|(i, events)| Part {
            seq,
            text: text.clone(),
            events,
            rows: if i == 0 { rows } else { 0 },
            skipped: if i == 0 { skipped } else { Skipped::default() },
            bad: if i == 0 { bad.clone() } else { None },
        })
        .collect()
}

/// How many blocks may be read ahead of the slowest counting thread.
/// Without a bound, a parsing thread held up (on a busy machine) lets the
/// other parse on while its blocks wait, text and events, in memory.
const WINDOW: u64 = 6;

/// How far each shard has counted: the reader waits on it.
struct Progress {
    /// The next block each shard needs (`u64::MAX` once it stopped).
    next: Mutex<Vec<u64>>,
    moved: Condvar,
}

impl Progress {
    fn set(&self, shard: usize, next: u64) {
        if let Ok(mut all) = self.next.lock() {
            all[shard] = next;
        }
        self.moved.notify_all();
    }

    /// Waits until block `seq` is within [`WINDOW`] of every shard.
    fn wait_for(&self, seq: u64) {
        let Ok(mut all) = self.next.lock() else {
            return;
        };
        while all.iter().any(|&n| n.saturating_add(WINDOW) <= seq) {
            match self.moved.wait(all) {
                Ok(guard) => all = guard,
                Err(_) => return,
            }
        }
    }
}

/// Marks a shard stopped however its thread ends, so the reader never
/// waits for it.
struct Stopped<'p>(&'p Progress, usize);

impl Drop for Stopped<'_> {
    fn drop(&mut self) {
        self.0.set(self.1, u64::MAX);
    }
}

/// Counts the parts of one shard in block order.
fn count<C: Counter>(
    rx: Receiver<Part>,
    counter: &mut C,
    ctx: &Context,
    progress: &Progress,
    shard: usize,
) -> Result<(), IngestError> {
    let _stopped = Stopped(progress, shard);
    let mut pending = BTreeMap::new();
    let mut next = 0u64;
    for part in rx.iter() {
        pending.insert(part.seq, part);
        while let Some(part) = pending.remove(&next) {
            next += 1;
            counter.add(part, ctx)?;
            progress.set(shard, next);
        }
    }
    Ok(())
}

/// Parses blocks until there are none, sending each shard its part.
fn parse_blocks(rx: &Mutex<Receiver<Block>>, txs: &[SyncSender<Part>], ctx: &Context) {
    loop {
        let block = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(block) = block else { return };
        let seq = block.seq;
        for (part, tx) in split(seq, parse(block, ctx), ctx, txs.len())
            .into_iter()
            .zip(txs)
        {
            if tx.send(part).is_err() {
                return;
            }
        }
    }
}

/// Reads `sources` and has `counters` (one per shard) count their parts.
pub(crate) fn run<C: Counter>(
    sources: Vec<Source>,
    ctx: &Context,
    counters: &mut [C],
) -> Result<(), IngestError> {
    let threads = match ctx.options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let family = ctx.options.family;
    let progress = &Progress {
        next: Mutex::new(vec![0; counters.len()]),
        moved: Condvar::new(),
    };
    std::thread::scope(|scope| {
        let (block_tx, block_rx) = sync_channel::<Block>(threads * 2);
        let block_rx = Arc::new(Mutex::new(block_rx));
        let mut txs = Vec::new();
        let mut counting = Vec::new();
        for (shard, counter) in counters.iter_mut().enumerate() {
            let (tx, rx) = sync_channel::<Part>(threads * 2);
            txs.push(tx);
            counting.push(scope.spawn(move || count(rx, counter, ctx, progress, shard)));
        }
        let pool = &ctx.texts;
        let reader = scope.spawn(move || {
            read_sources(sources, family, pool, &mut |b| {
                progress.wait_for(b.seq);
                block_tx.send(b).is_ok()
            })
        });
        let parsing: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, txs) = (block_rx.clone(), txs.clone());
                scope.spawn(move || parse_blocks(&rx, &txs, ctx))
            })
            .collect();
        // Parsers stop when their parts have nowhere to go (a counter
        // failed), and the reader when its blocks have no parser.
        drop((txs, block_rx));
        let failed = || Err(IngestError::Usage("a counting thread failed".into()));
        let mut outcome = Ok(());
        for c in counting {
            let r = c.join().unwrap_or_else(|_| failed());
            if outcome.is_ok() {
                outcome = r;
            }
        }
        // Every thread is joined by its handle, not left to the scope: the
        // scope returns once a thread's closure has ended, while its
        // thread-locals (the channels' wait contexts) may still be freed,
        // which a leak check made right after, as the fuzzers make, takes
        // for a leak. A join waits for the thread itself.
        let mut parsed = Ok(());
        for p in parsing {
            if p.join().is_err() && parsed.is_ok() {
                parsed = Err(IngestError::Usage("a parsing thread failed".into()));
            }
        }
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(IngestError::Usage("the reading thread failed".into())));
        outcome.and(parsed).and(read)
    })
}
