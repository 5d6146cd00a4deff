//! One tab at a time: the browser's Web Locks (`navigator.locks`), which the browser releases
//! by itself when the tab holding one closes or crashes.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The browser's lock manager, when it has one (every current browser, in a secure context).
fn lock_manager() -> Option<JsValue> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &"locks".into()).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then_some(locks)
}

fn call_request(name: &str, options: &JsValue, callback: &Function) -> Option<Promise> {
    let locks = lock_manager()?;
    let request: Function = Reflect::get(&locks, &"request".into())
        .ok()?
        .dyn_into()
        .ok()?;
    request
        .call3(&locks, &name.into(), options, callback)
        .ok()?
        .dyn_into()
        .ok()
}

/// What [`run_exclusively`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exclusive<T> {
    /// The work ran while this tab held the lock.
    Ran(T),
    /// Another tab holds the lock: nothing ran.
    HeldElsewhere,
}

/// Runs `work` while holding the lock `name`, unless another tab holds it (then at once
/// [`Exclusive::HeldElsewhere`]). Without Web Locks (an old browser) the work runs unguarded.
pub async fn run_exclusively<T>(name: &str, work: impl Future<Output = T>) -> Exclusive<T> {
    let granted = Rc::new(Cell::new(None::<bool>));
    let mut release: Option<Function> = None;
    let hold = Promise::new(&mut |resolve, _| release = Some(resolve));
    let (acquired, tell_acquired) = {
        let mut tell = None;
        let promise = Promise::new(&mut |resolve, _| tell = Some(resolve));
        (promise, tell)
    };
    let seen = granted.clone();
    let callback = Closure::once(move |lock: JsValue| -> JsValue {
        let got = !lock.is_null() && !lock.is_undefined();
        seen.set(Some(got));
        if let Some(tell) = &tell_acquired {
            let _ = tell.call0(&JsValue::NULL);
        }
        if got {
            hold.into()
        } else {
            JsValue::UNDEFINED
        }
    });
    let options = Object::new();
    let _ = Reflect::set(&options, &"ifAvailable".into(), &JsValue::TRUE);
    let requested = call_request(name, &options, callback.as_ref().unchecked_ref());
    if requested.is_none() {
        return Exclusive::Ran(work.await);
    }
    let _ = JsFuture::from(acquired).await;
    if granted.get() != Some(true) {
        return Exclusive::HeldElsewhere;
    }
    let result = work.await;
    if let Some(release) = release {
        let _ = release.call0(&JsValue::NULL);
    }
    drop(callback);
    Exclusive::Ran(result)
}

/// Whether another tab (or this one) holds the lock `name` right now.
pub async fn is_held(name: &str) -> bool {
    let Some(locks) = lock_manager() else {
        return false;
    };
    let query = Reflect::get(&locks, &"query".into())
        .ok()
        .and_then(|q| q.dyn_into::<Function>().ok());
    let Some(promise) = query
        .and_then(|q| q.call0(&locks).ok())
        .and_then(|p| p.dyn_into::<Promise>().ok())
    else {
        return false;
    };
    let Ok(snapshot) = JsFuture::from(promise).await else {
        return false;
    };
    let held = Reflect::get(&snapshot, &"held".into()).unwrap_or(JsValue::UNDEFINED);
    js_sys::Array::from(&held).iter().any(|lock| {
        Reflect::get(&lock, &"name".into())
            .ok()
            .and_then(|n| n.as_string())
            .as_deref()
            == Some(name)
    })
}

/// Resolves once no tab holds the lock `name` (it takes the lock for an instant, then lets go).
pub async fn wait_until_free(name: &str) {
    let callback = Closure::once(|_lock: JsValue| -> JsValue { JsValue::UNDEFINED });
    if let Some(promise) = call_request(name, &Object::new(), callback.as_ref().unchecked_ref()) {
        let _ = JsFuture::from(promise).await;
    }
    drop(callback);
}
