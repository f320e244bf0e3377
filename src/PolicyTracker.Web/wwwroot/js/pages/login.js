import { post, get } from '../api.js';
import { roleHome, message } from '../ui.js';

const form = document.getElementById('login-form');
const errorBox = document.getElementById('login-error');
document.getElementById('userName').focus();

form.addEventListener('submit', async event => {
  event.preventDefault();
  const userName = form.userName.value.trim();
  const password = form.password.value;
  if (!userName || !password) {
    errorBox.innerHTML = message('error', '请输入用户名和密码');
    return;
  }
  const button = form.querySelector('button');
  button.disabled = true;
  errorBox.innerHTML = '';
  try {
    await post('/api/auth/login', { userName, password, useCookies: true });
    const me = await get('/api/auth/me');
    const next = new URLSearchParams(location.search).get('next');
    // Only same-site paths: a crafted link must not send people elsewhere after login.
    location.href = next && next.startsWith('/') && !next.startsWith('//') ? next : (roleHome[me.role] || '/tasks.html');
  } catch (error) {
    errorBox.innerHTML = message('error', error.message);
    form.password.select();
  } finally {
    button.disabled = false;
  }
});
