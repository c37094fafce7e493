//! Work on every core: a list of items in, one result per item out, in the items' order.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{Scope, ScopedJoinHandle};

/// The stack of every thread the generator starts. Deeply nested specs make deeply nested code
/// (a chain of required models nests its sample struct literals as deep as the chain), and
/// emitting, parsing and printing it recurse as deep; the default 2 MiB overflowed at about a
/// thousand levels. Reserved address space, not memory: pages are used only as deep as the
/// recursion goes.
const STACK: usize = 256 << 20;

/// `scope.spawn(work)` on a thread with a [`STACK`]-sized stack, or the default one when the
/// system refuses that much.
pub fn spawn<'scope, 'env, T: Send + 'scope>(scope: &'scope Scope<'scope, 'env>, work: impl FnOnce() -> T + Send + Clone + 'scope) -> ScopedJoinHandle<'scope, T> {
    match std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, work.clone()) {
        Ok(handle) => handle,
        Err(_) => scope.spawn(work),
    }
}

/// `work(state, index, item)` for every item, the items taken in turn (first come, first served)
/// by this thread and one helper per other core, each thread with a `state` of its own from
/// `init` (a resolver's diagnostics, say). Returns the results in the items' order, and the
/// threads' states. This thread works too: what it allocates stays with the thread that frees it
/// later, and one fewer thread is started. A panic in a helper is resumed here.
pub fn map<I: Sync, T: Send, S: Send>(items: &[I], init: impl Fn() -> S + Sync, work: impl Fn(&mut S, usize, &I) -> T + Sync) -> (Vec<T>, Vec<S>) {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    let next = AtomicUsize::new(0);
    let run = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { return (done, state) };
            done.push((i, work(&mut state, i, item)));
        }
    };
    let threads = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers).map(|_| spawn(scope, run)).collect();
        let mut threads = vec![run()];
        threads.extend(helpers.into_iter().map(|h| h.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))));
        threads
    });
    let mut results: Vec<Option<T>> = items.iter().map(|_| None).collect();
    let mut states = Vec::with_capacity(threads.len());
    for (done, state) in threads {
        for (i, result) in done {
            results[i] = Some(result);
        }
        states.push(state);
    }
    (results.into_iter().map(|r| r.expect("every item is worked on")).collect(), states)
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_in_item_order_and_every_thread_state_comes_back() {
        let items: Vec<u64> = (0..100).collect();
        let (squares, states) = super::map(&items, || 0u64, |seen, i, x| {
            *seen += 1;
            assert_eq!(i as u64, *x);
            x * x
        });
        assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert_eq!(states.iter().sum::<u64>(), 100);
    }
}
