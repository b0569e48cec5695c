"""The demo: `load_demo` calls one loader per app, `demo` loads it and serves it with the
sign-ins printed. No models; nothing below imports it."""
