// saydo dashboard login (docs/dashboard.md): exchanges the server's token
// for an HttpOnly session cookie (POST /api/login), then opens the
// dashboard.  The token itself is never stored by the page.
const form = document.querySelector('#login');
const error = document.querySelector('#login-error');

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  error.textContent = '';
  const token = form.elements.token.value;
  try {
    const res = await fetch('api/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ token }),
      credentials: 'same-origin',
    });
    if (res.ok) {
      location.href = './';
      return;
    }
    const body = await res.json().catch(() => null);
    error.textContent = body && body.error ? body.error.message : `login failed (${res.status})`;
  } catch (e) {
    error.textContent = `login failed: ${e.message}`;
  }
});
