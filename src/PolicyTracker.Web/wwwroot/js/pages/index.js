// The front door: each role lands on its own workspace.
import { get } from '../api.js';
import { roleHome, errorBox } from '../ui.js';

try {
  const me = await get('/api/auth/me');
  location.replace(roleHome[me.role] || '/tasks.html');
} catch (error) {
  if (error.status !== 401) document.getElementById('main').innerHTML = errorBox(error);
}
