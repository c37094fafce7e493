//! Pagination: an offset/limit-paged operation in, a stream of all its items out.

use crate::{BoxFuture, Error};
use futures_core::Stream;
use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

/// One page of results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The page's items.
    pub items: Vec<T>,
    /// The total number of records the server reports, if it does.
    pub total: Option<i64>,
}

/// What the offset parameter counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageStyle {
    /// Offset counts records; the next offset is the previous one plus the items received.
    RecordOffset,
    /// Offset counts pages from 1; the next offset is the previous one plus one.
    PageNumber,
}

/// A paged request: how its offset and page size are read and set, and where a response keeps
/// its items and total. Generated for every operation the spec describes as paged; it is what
/// lets one generic `into_stream` serve them all.
pub trait Paged: crate::Operation + Clone + Send + Sync + 'static {
    /// One item of a page.
    type Item: Send + 'static;
    /// What the offset counts.
    const STYLE: PageStyle;
    /// The offset set on the request, if any.
    fn offset(&self) -> Option<i64>;
    /// Sets the offset (of the next page to fetch).
    fn set_offset(&mut self, offset: i64);
    /// The page size set on the request, if any.
    fn page_size(&self) -> Option<i64>;
    /// The items and total of one response.
    fn page(response: Self::Output) -> Page<Self::Item>;
}

impl PageStyle {
    /// The offset of the first page: 0 for record offsets, 1 for page numbers.
    pub fn first_offset(self) -> i64 {
        match self {
            PageStyle::RecordOffset => 0,
            PageStyle::PageNumber => 1,
        }
    }
}

type Fetch<T> = Box<dyn FnMut(i64) -> BoxFuture<'static, Result<Page<T>, Error>> + Send>;

/// All items of a paged operation, fetched page by page as they are consumed.
///
/// Stops after an empty page, once `total` records have been received, after a page shorter than
/// the page size, or after the first error (which is yielded).
pub struct Paginator<T> {
    fetch: Fetch<T>,
    style: PageStyle,
    next_offset: i64,
    page_size: Option<i64>,
    received: i64,
    buffer: VecDeque<T>,
    pending: Option<BoxFuture<'static, Result<Page<T>, Error>>>,
    done: bool,
}

// Items are only ever moved, never pinned in place, so the paginator is Unpin whatever `T` is.
impl<T> Unpin for Paginator<T> {}

impl<T> std::fmt::Debug for Paginator<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paginator")
            .field("style", &self.style)
            .field("next_offset", &self.next_offset)
            .field("received", &self.received)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static> Paginator<T> {
    /// Pages from `first_offset` with `page_size` items per page (if known), fetching each page
    /// with `fetch(offset)`.
    pub fn new(
        style: PageStyle,
        first_offset: i64,
        page_size: Option<i64>,
        fetch: impl FnMut(i64) -> BoxFuture<'static, Result<Page<T>, Error>> + Send + 'static,
    ) -> Self {
        Paginator {
            fetch: Box::new(fetch),
            style,
            next_offset: first_offset,
            page_size,
            received: 0,
            buffer: VecDeque::new(),
            pending: None,
            done: false,
        }
    }

    /// Every item of every page of `request`, from its offset (or the first page), each page
    /// fetched on `client` when the items before it have been consumed.
    pub fn of<R>(client: crate::Client, request: R) -> Self
    where
        R: Paged<Item = T>,
        R::Output: Send,
    {
        let first = request.offset().unwrap_or(R::STYLE.first_offset());
        let page_size = request.page_size();
        Paginator::new(R::STYLE, first, page_size, move |offset| {
            let client = client.clone();
            let mut request = request.clone();
            request.set_offset(offset);
            Box::pin(async move { client.execute(&request).await.map(R::page) })
        })
    }

    /// The next item, without needing a stream-combinator crate.
    pub async fn next_item(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next_item().await {
            all.push(item?);
        }
        Ok(all)
    }

    fn accept(&mut self, page: Page<T>) {
        let count = page.items.len() as i64;
        self.received += count;
        self.next_offset += match self.style {
            PageStyle::RecordOffset => count,
            PageStyle::PageNumber => 1,
        };
        let short = self.page_size.is_some_and(|size| count < size);
        let complete = page.total.is_some_and(|total| self.received >= total);
        if count == 0 || short || complete {
            self.done = true;
        }
        self.buffer.extend(page.items);
    }
}

/// The items of a [`Paginator`] as a blocking iterator (feature `blocking`).
#[cfg(feature = "blocking")]
#[derive(Debug)]
pub struct BlockingPages<T> {
    pages: Paginator<T>,
    client: crate::Client,
    failed: bool,
}

#[cfg(feature = "blocking")]
impl<T: Send + 'static> Paginator<T> {
    /// Iterates the items without async code, fetching pages on `client`'s private runtime.
    pub fn into_blocking_iter(self, client: &crate::Client) -> BlockingPages<T> {
        BlockingPages { pages: self, client: client.clone(), failed: false }
    }
}

#[cfg(feature = "blocking")]
impl<T: Send + 'static> Iterator for BlockingPages<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed {
            return None;
        }
        match self.client.block_on("a paged call", self.pages.next_item()) {
            Ok(item) => item,
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

impl<T: Send + 'static> Stream for Paginator<T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffer.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            let offset = this.next_offset;
            let fetch = &mut this.fetch;
            let pending = this.pending.get_or_insert_with(|| fetch(offset));
            match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(result) => {
                    this.pending = None;
                    match result {
                        Ok(page) => this.accept(page),
                        Err(e) => {
                            this.done = true;
                            return Poll::Ready(Some(Err(e)));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A fake server holding `records` and answering `offset` requests with `size` per page.
    fn server(records: i64, size: i64, style: PageStyle, total: bool, calls: Arc<Mutex<Vec<i64>>>) -> Paginator<i64> {
        let first = if style == PageStyle::PageNumber { 1 } else { 0 };
        Paginator::new(style, first, Some(size), move |offset| {
            calls.lock().unwrap().push(offset);
            let start = match style {
                PageStyle::RecordOffset => offset,
                PageStyle::PageNumber => (offset - 1) * size,
            };
            let items: Vec<i64> = (start..(start + size).min(records)).collect();
            Box::pin(async move { Ok(Page { items, total: total.then_some(records) }) })
        })
    }

    fn block_on<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
    }

    #[test]
    fn record_offsets_stop_at_the_total() {
        let calls = Arc::default();
        let all = block_on(server(25, 10, PageStyle::RecordOffset, true, Arc::clone(&calls)).collect_all()).unwrap();
        assert_eq!(all, (0..25).collect::<Vec<_>>());
        assert_eq!(*calls.lock().unwrap(), vec![0, 10, 20]);
    }

    #[test]
    fn exact_multiple_of_the_page_size_needs_no_extra_call_with_a_total() {
        let calls = Arc::default();
        block_on(server(20, 10, PageStyle::RecordOffset, true, Arc::clone(&calls)).collect_all()).unwrap();
        assert_eq!(*calls.lock().unwrap(), vec![0, 10]);
    }

    #[test]
    fn without_a_total_an_empty_page_ends_it() {
        let calls = Arc::default();
        let all = block_on(server(20, 10, PageStyle::RecordOffset, false, Arc::clone(&calls)).collect_all()).unwrap();
        assert_eq!(all.len(), 20);
        assert_eq!(*calls.lock().unwrap(), vec![0, 10, 20]);
    }

    #[test]
    fn page_numbers_count_from_one() {
        let calls = Arc::default();
        let all = block_on(server(15, 10, PageStyle::PageNumber, true, Arc::clone(&calls)).collect_all()).unwrap();
        assert_eq!(all, (0..15).collect::<Vec<_>>());
        assert_eq!(*calls.lock().unwrap(), vec![1, 2]);
    }

    #[test]
    fn an_error_is_yielded_once_and_ends_the_stream() {
        let mut p: Paginator<i64> = Paginator::new(PageStyle::RecordOffset, 0, None, |_| {
            Box::pin(async { Err(Error::InvalidRequest("boom".into())) })
        });
        block_on(async {
            assert!(matches!(p.next_item().await, Some(Err(_))));
            assert!(p.next_item().await.is_none());
        });
    }
}
