//! The call type: emitted once per crate, generic over the request. Sending, blocking sending,
//! `IntoFuture` and paging live here; each operation only adds its setters to `Call<'_, ItsRequest>`.

use super::{ident, Ctx};
use proc_macro2::TokenStream;
use quote::quote;

/// `call.rs`: the generic `Call` type of the crate.
pub fn call_rs(ctx: &Ctx) -> TokenStream {
    let rt = &ctx.runtime_path;
    let client = ident(&ctx.crate_spec.client);
    let blocking = ctx.features.then(|| {
        quote! {
            /// Like [`send`](Self::send), for code without an async runtime (feature `blocking`).
            #[cfg(feature = "blocking")]
            pub fn send_blocking(self) -> Result<R::Output, #rt::Error>
            where
                R: Send + Sync + 'static,
                R::Output: Send + 'static,
            {
                self.client.execute_blocking_owned(self.request)
            }
        }
    });
    let blocking_iter = ctx.features.then(|| {
        quote! {
            /// Every item of every page, like [`into_stream`](Self::into_stream), as a blocking
            /// iterator (feature `blocking`).
            #[cfg(feature = "blocking")]
            pub fn into_blocking_iter(self) -> #rt::paginate::BlockingPages<R::Item> {
                let client = self.client.clone();
                self.into_stream().into_blocking_iter(&client)
            }
        }
    });
    let doc = format!(
        " A call being built: the client method of an operation (on [`{c}`](super::{c})) returns one\n \
         with the required inputs set; its setters set the optional ones; [`send`](Self::send) (or\n \
         `.await`) sends it. Paged operations also have [`into_stream`](Self::into_stream).\n\n \
         `R` is the operation's request type (in [`operations`](super::operations)), reachable with\n \
         [`request`](Self::request) and [`request_mut`](Self::request_mut).",
        c = ctx.crate_spec.client
    );
    quote! {
        #![doc = " The call type shared by every operation."]

        #[doc = #doc]
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent: `.send().await` or `.await`"]
        pub struct Call<'a, R> {
            client: &'a #rt::Client,
            request: R,
        }

        impl<'a, R: #rt::Operation> Call<'a, R> {
            /// A call of `request` on `client`.
            #[allow(dead_code)] // with no area feature on, no client method uses it
            pub(crate) fn new(client: &'a super::#client, request: R) -> Self {
                Call { client: &client.inner, request }
            }

            /// Changes the request (what the generated setters do).
            #[inline]
            #[allow(dead_code)] // unused when the areas turned on have no optional inputs
            pub(crate) fn with(mut self, change: impl FnOnce(&mut R)) -> Self {
                change(&mut self.request);
                self
            }

            /// The request as built so far.
            pub fn request(&self) -> &R {
                &self.request
            }

            /// The request, to change any field in place.
            pub fn request_mut(&mut self) -> &mut R {
                &mut self.request
            }

            /// The request, to keep or to send later with the client's `send`.
            pub fn into_request(self) -> R {
                self.request
            }

            /// Checks the request against the documented constraints, then sends it (retrying as
            /// the client's retry policy allows) and decodes the answer.
            pub async fn send(self) -> Result<R::Output, #rt::Error> {
                self.client.execute(&self.request).await
            }

            #blocking
        }

        impl<R: #rt::paginate::Paged> Call<'_, R>
        where
            R::Output: Send,
        {
            /// Every item of every page, fetched page by page as the stream is consumed, from the
            /// offset set (or the first page); the stream ends after an empty or short page, once
            /// the reported total is reached, or after the first error.
            pub fn into_stream(self) -> #rt::paginate::Paginator<R::Item> {
                #rt::paginate::Paginator::of(self.client.clone(), self.request)
            }

            #blocking_iter
        }

        impl<'a, R> std::future::IntoFuture for Call<'a, R>
        where
            R: #rt::Operation + Send + Sync + 'a,
            R::Output: Send + 'a,
        {
            type Output = Result<R::Output, #rt::Error>;
            type IntoFuture = #rt::BoxFuture<'a, Self::Output>;

            /// Awaiting a call sends it, like [`send`](Call::send).
            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}
