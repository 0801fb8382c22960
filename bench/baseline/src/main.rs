//! The smallest useful Leptos app: a counter. The size benchmark builds it with
//! the same trunk, wasm-bindgen, wasm-opt and profile as the real app.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        let count = RwSignal::new(0);
        view! {
            <main>
                <h1>"Baseline"</h1>
                <button on:click=move |_| *count.write() += 1>{move || count.get()}</button>
            </main>
        }
    });
}
