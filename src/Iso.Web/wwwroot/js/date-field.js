// A date typed as dd/MM/yyyy (the inbox's filters) keeps the browser's own calendar: its button opens a hidden native
// date input's picker, whose change reaches Blazor as any input's does. Nothing on the server until a date is picked.
document.addEventListener('click', event => {
    const button = event.target instanceof Element ? event.target.closest('[data-date-picker]') : null;
    const input = button && document.getElementById(button.getAttribute('data-date-picker'));
    if (!input) {
        return;
    }

    try {
        input.showPicker();
    } catch {
        input.focus();
        input.click();
    }
});
