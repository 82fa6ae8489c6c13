// Bursar chat UI: plain JavaScript against the runtime's REST API; the API key stays in this tab's sessionStorage.
'use strict';

const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem('bursar.key') || '';
let agentId = null;
const conversation = 'web-' + Math.random().toString(36).slice(2, 10);

async function api(path, options = {}) {
  const response = await fetch(path, {
    ...options,
    headers: { 'Authorization': 'Bearer ' + apiKey, 'Content-Type': 'application/json', ...(options.headers || {}) },
  });
  if (!response.ok) {
    let message = response.statusText;
    try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
    throw new Error(response.status + ': ' + message);
  }
  return response.status === 204 ? null : response.json();
}

function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

async function signIn() {
  apiKey = $('apikey').value.trim() || apiKey;
  try {
    const me = await api('/api/me');
    sessionStorage.setItem('bursar.key', apiKey);
    $('who').textContent = me.id + (me.role === 'ADMIN' ? ' (admin)' : '');
    $('login').hidden = true;
    $('app').hidden = false;
    await loadAgents();
    await loadContacts();
  } catch (e) {
    $('login-error').textContent = 'Sign-in failed: ' + e.message;
  }
}

async function loadAgents() {
  const agents = await api('/api/agents');
  const select = $('agent');
  select.innerHTML = '';
  for (const a of agents) {
    const option = el('option', null, a.name + ' (' + a.id + ')');
    option.value = a.id;
    select.appendChild(option);
  }
  if (agents.length) {
    agentId = agents[0].id;
    await loadDetails();
  }
}

async function loadDetails() {
  const details = $('details');
  details.innerHTML = '';
  try {
    const d = await api('/api/agents/' + agentId);
    for (const [kind, address] of Object.entries(d.addresses)) {
      details.appendChild(el('div', null, kind));
      details.appendChild(el('div', 'address', address));
    }
    const list = el('ul');
    for (const b of d.balances) {
      list.appendChild(el('li', 'balance', b.amount ? b.amount : b.asset + ': ' + b.error));
    }
    details.appendChild(list);
  } catch (e) {
    details.appendChild(el('p', 'error', e.message));
  }
  await loadApprovals();
}

async function loadApprovals() {
  const box = $('approvals');
  box.innerHTML = '';
  const pending = await api('/api/agents/' + agentId + '/approvals');
  if (!pending.length) box.appendChild(el('p', null, 'None'));
  for (const p of pending) {
    const fee = p.maxFee ? ' (plus up to ' + p.maxFee + ' in fees)' : '';
    box.appendChild(approvalCard(p.paymentId, p.amount + fee + ' to ' + p.recipient + ' — ' + p.reason));
  }
}

function approvalCard(paymentId, text) {
  const card = el('div', 'card approval');
  card.dataset.paymentId = paymentId;
  card.appendChild(el('div', null, 'Approval needed: ' + text));
  const approve = el('button', 'approve', 'Approve');
  const reject = el('button', 'reject secondary', 'Reject');
  const status = el('div', 'status');
  approve.onclick = () => decide(paymentId, 'approve', card, status);
  reject.onclick = () => decide(paymentId, 'reject', card, status);
  card.append(approve, ' ', reject, status);
  return card;
}

async function decide(paymentId, decision, card, status) {
  card.querySelectorAll('button').forEach((b) => { b.disabled = true; });
  try {
    const r = await api('/api/agents/' + agentId + '/approvals/' + paymentId + '/' + decision, { method: 'POST', body: '{}' });
    status.textContent = r.status + ': ' + r.message;
  } catch (e) {
    status.textContent = e.message;
    status.className = 'status error';
  }
  await loadDetails();
}

function toolCard(event) {
  const card = el('div', 'card tool ' + (event.failed ? 'failed' : 'ok'));
  card.appendChild(el('strong', null, event.tool));
  card.appendChild(el('div', null, 'arguments: '));
  card.lastChild.appendChild(el('code', null, event.arguments));
  card.appendChild(el('div', null, 'result: '));
  card.lastChild.appendChild(el('code', null, event.result));
  return card;
}

async function send(event) {
  event.preventDefault();
  const text = $('message').value.trim();
  if (!text || !agentId) return;
  $('message').value = '';
  const messages = $('messages');
  messages.appendChild(el('div', 'msg user', text));
  const reply = el('div', 'msg agent', '');
  messages.appendChild(reply);
  $('send').disabled = true;
  try {
    const response = await fetch('/api/agents/' + agentId + '/chat/stream', {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + apiKey, 'Content-Type': 'application/json', 'Accept': 'text/event-stream' },
      body: JSON.stringify({ conversationId: conversation, message: text }),
    });
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error || message; } catch (e) { /* not JSON */ }
      throw new Error(response.status + ': ' + message);
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const frame = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = frame.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('\n');
        if (data) handle(JSON.parse(data), reply, messages);
      }
    }
  } catch (e) {
    messages.appendChild(el('div', 'card error', e.message));
  } finally {
    $('send').disabled = false;
    messages.scrollTop = messages.scrollHeight;
    loadDetails();
  }
}

function handle(event, reply, messages) {
  if (event.type === 'token') reply.textContent += event.text;
  else if (event.type === 'tool') messages.insertBefore(toolCard(event), reply);
  else if (event.type === 'approval') messages.insertBefore(approvalCard(event.paymentId, event.text), reply);
  else if (event.type === 'done') { if (!reply.textContent) reply.textContent = event.text; }
  else if (event.type === 'error') messages.appendChild(el('div', 'card error', event.text));
  messages.scrollTop = messages.scrollHeight;
}

// The owner's address book: a contact named in a chat ("send 5 dUSD to alice") grounds a payment to its address.
async function loadContacts() {
  const box = $('contacts');
  box.innerHTML = '';
  for (const c of await api('/api/address-book')) {
    const row = el('div', 'card contact');
    row.appendChild(el('span', null, c.name + ' → ' + c.address + ' '));
    const remove = el('button', 'remove', 'Remove');
    remove.onclick = async () => { await api('/api/address-book/' + encodeURIComponent(c.name), { method: 'DELETE' }); loadContacts(); };
    row.appendChild(remove);
    box.appendChild(row);
  }
}

async function saveContact(event) {
  event.preventDefault();
  $('contact-error').textContent = '';
  try {
    await api('/api/address-book/' + encodeURIComponent($('contact-name').value.trim()),
      { method: 'PUT', body: JSON.stringify({ address: $('contact-address').value.trim() }) });
    $('contact-name').value = '';
    $('contact-address').value = '';
    await loadContacts();
  } catch (e) {
    $('contact-error').textContent = e.message;
  }
}

$('contact-form').onsubmit = saveContact;
$('signin').onclick = signIn;
$('apikey').addEventListener('keydown', (e) => { if (e.key === 'Enter') signIn(); });
$('agent').onchange = (e) => { agentId = e.target.value; loadDetails(); };
$('refresh').onclick = () => loadDetails();
$('composer').onsubmit = send;
if (apiKey) signIn();
