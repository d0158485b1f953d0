//! Reading, parsing and counting at once: one thread reads (and
//! decompresses) blocks, the parsing threads parse them, and the calling
//! thread counts their events in the order of the blocks, so the result
//! does not depend on which thread parsed what.

use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

use super::families::{parse, Block, Context};
use super::input::{read_sources, Source};
use super::row::Parsed;
use super::IngestError;

/// Reads `sources` and hands each parsed block, in order, to `take`.
pub(crate) fn run(
    sources: Vec<Source>,
    ctx: &Context,
    take: &mut dyn FnMut(Parsed) -> Result<(), IngestError>,
) -> Result<(), IngestError> {
    let threads = match ctx.options.threads {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    let family = ctx.options.family;
    std::thread::scope(|scope| {
        let (block_tx, block_rx) = sync_channel::<Block>(threads * 2);
        let block_rx = Arc::new(Mutex::new(block_rx));
        let (done_tx, done_rx) = sync_channel::<(u64, Parsed)>(threads * 2);
        let pool = &ctx.texts;
        let reader = scope
            .spawn(move || read_sources(sources, family, pool, &mut |b| block_tx.send(b).is_ok()));
        for _ in 0..threads {
            let (rx, tx) = (block_rx.clone(), done_tx.clone());
            scope.spawn(move || loop {
                let block = match rx.lock() {
                    Ok(guard) => guard.recv(),
                    Err(_) => return,
                };
                let Ok(block) = block else { return };
                let seq = block.seq;
                if tx.send((seq, parse(block, ctx))).is_err() {
                    return;
                }
            });
        }
        drop((done_tx, block_rx));
        let mut pending = BTreeMap::new();
        let mut next = 0u64;
        let mut outcome = Ok(());
        'blocks: for (seq, parsed) in done_rx.iter() {
            pending.insert(seq, parsed);
            while let Some(parsed) = pending.remove(&next) {
                next += 1;
                if let Err(e) = take(parsed) {
                    outcome = Err(e);
                    break 'blocks;
                }
            }
        }
        // Workers stop when their results have nowhere to go, and the
        // reader when its blocks have no worker.
        drop(done_rx);
        drop(pending);
        let read = reader
            .join()
            .unwrap_or_else(|_| Err(IngestError::Usage("the reading thread failed".into())));
        outcome.and(read)
    })
}
