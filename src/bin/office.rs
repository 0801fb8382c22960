fn main() {
    console_error_panic_hook::set_once();
    xiaoneng_app::start_office();
}
