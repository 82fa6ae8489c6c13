// Bursar chat UI: plain JavaScript against the runtime's REST API; the API key stays in this tab's sessionStorage.
'use strict';

const $ = (id) => document.getElementById(id);
let apiKey = sessionStorage.getItem('bursar.key') || '';
let agentId = null;
let evmChainId = null;
let isAdmin = false;
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

// Amounts and addresses for people: long decimals rounded (exact value on hover and in the copy), addresses shortened
// (0x7099…79C8, the full address on hover and for screen readers).
const AMOUNT = /(\d+\.\d{5,})(\s+[A-Za-z][A-Za-z0-9]*)/g;
const ADDRESS = /0x[0-9a-fA-F]{40}/g;

function roundAmount(text) {
  const [whole, fraction] = text.split('.');
  if (whole !== '0') return whole + '.' + fraction.slice(0, 4);
  const firstDigit = fraction.search(/[1-9]/);
  return firstDigit < 0 ? '0' : '0.' + fraction.slice(0, Math.min(fraction.length, firstDigit + 4));
}

function readable(text) {
  const out = document.createDocumentFragment();
  const pattern = new RegExp(AMOUNT.source + '|' + ADDRESS.source, 'g');
  let last = 0;
  let m;
  while ((m = pattern.exec(text)) !== null) {
    out.append(text.slice(last, m.index));
    const span = document.createElement('span');
    if (m[1]) {
      span.className = 'amount';
      span.textContent = '≈' + roundAmount(m[1]) + m[2];
      span.title = m[1] + m[2];
      span.setAttribute('aria-label', m[1] + m[2]);
    } else {
      span.className = 'address';
      span.textContent = m[0].slice(0, 6) + '…' + m[0].slice(-4);
      span.title = m[0];
      span.setAttribute('aria-label', m[0]);
    }
    span.dataset.exact = span.title;
    out.append(span);
    last = pattern.lastIndex;
  }
  out.append(text.slice(last));
  return out;
}

// Copying a rounded amount or a shortened address copies the exact one.
document.addEventListener('copy', (e) => {
  if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed) return;
  const box = document.createElement('div');
  box.append(selection.getRangeAt(0).cloneContents());
  const exact = box.querySelectorAll('[data-exact]');
  if (!exact.length) return;
  exact.forEach((s) => { s.textContent = s.dataset.exact; });
  e.clipboardData.setData('text/plain', box.textContent);
  e.preventDefault();
});

async function signIn() {
  apiKey = $('apikey').value.trim() || apiKey;
  try {
    const me = await api('/api/me');
    sessionStorage.setItem('bursar.key', apiKey);
    isAdmin = me.role === 'ADMIN';
    $('who').textContent = me.id + (isAdmin ? ' (admin)' : '');
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
    evmChainId = d.evmChainId;
    for (const [kind, address] of Object.entries(d.addresses)) {
      details.appendChild(el('div', null, kind));
      details.appendChild(el('div', 'address', address));
    }
    const list = el('ul');
    for (const b of d.balances) {
      const item = el('li', 'balance');
      item.append(b.amount ? readable(b.amount) : b.asset + ': ' + b.error);
      list.appendChild(item);
    }
    details.appendChild(list);
  } catch (e) {
    details.appendChild(el('p', 'error', e.message));
  }
  await Promise.all([loadApprovals(), loadBudgets(), loadPayments(), loadSpending(), loadDefinition()]);
}

// What the agent is: model, each plugin with the permissions it is granted, the policy. Admins may edit it (JSON, PUT).
async function loadDefinition() {
  const box = $('definition');
  box.innerHTML = '';
  const d = await api('/api/agents/' + agentId + '/definition');
  const rows = el('dl', 'definition');
  const row = (name, value) => {
    rows.appendChild(el('dt', null, name));
    rows.appendChild(el('dd', null, value));
  };
  row('Model', d.model);
  for (const [plugin, permissions] of Object.entries(d.plugins || {})) row('Plugin ' + plugin, permissions.join(', '));
  const p = d.policy || {};
  row('Per payment at most', (p.maxPerTransaction || []).join(', ') || 'nothing');
  if (p.approvalAbove) row('A person approves above', p.approvalAbove.join(', '));
  for (const name of Object.keys(d.duties || {})) row('Duty ' + name, d.duties[name].description);
  box.appendChild(rows);
  if (!isAdmin) return;
  const editor = el('details', 'edit');
  editor.appendChild(el('summary', null, 'Edit (admin)'));
  const label = el('label', null, 'Definition (JSON)');
  const text = document.createElement('textarea');
  text.id = 'definition-json';
  text.rows = 12;
  text.value = JSON.stringify(d, null, 2);
  label.htmlFor = text.id;
  const save = el('button', 'save-definition', 'Save');
  const status = el('p', 'status');
  status.setAttribute('role', 'status');
  save.onclick = async () => {
    try {
      await api('/api/agents/' + agentId, { method: 'PUT', body: text.value });
      status.textContent = 'Saved; the agent was rebuilt.';
      status.className = 'status';
    } catch (e) {
      status.textContent = e.message + ' (nothing changed)';
      status.className = 'status error';
    }
  };
  editor.append(label, text, save, status);
  box.appendChild(editor);
}

// Each budget of the agent's policy: committed in its window (worst-case fees included) against its cap.
async function loadBudgets() {
  const box = $('budgets');
  box.innerHTML = '';
  const budgets = await api('/api/agents/' + agentId + '/budgets');
  if (!budgets.length) box.appendChild(el('p', null, 'No budget set'));
  for (const b of budgets) {
    const row = el('div', 'budget');
    const label = el('label');
    label.append(readable(b.spent + ' of ' + b.cap + ' in ' + b.window));
    const meter = document.createElement('meter');
    meter.min = 0;
    meter.max = 100;
    meter.high = 80;
    meter.value = b.percent;
    meter.setAttribute('aria-label', b.percent + '% of the ' + b.window + ' budget of ' + b.cap + ' used');
    row.append(label, meter);
    box.appendChild(row);
  }
}

// The agent's payments, newest first, filtered by state.
async function loadPayments() {
  const list = $('payments');
  list.innerHTML = '';
  const state = $('payment-filter').value;
  const payments = await api('/api/agents/' + agentId + '/payments?limit=20' + (state ? '&state=' + state : ''));
  if (!payments.length) list.appendChild(el('li', null, 'None'));
  for (const p of payments) {
    const item = el('li', 'payment ' + p.state.toLowerCase());
    item.dataset.paymentId = p.id;
    item.append(el('time', null, p.createdAt.replace('T', ' ').slice(0, 16)), ' ');
    item.append(readable(p.amount + ' to ' + p.recipient), ' ');
    item.append(el('span', 'state', p.state.replace(/_/g, ' ').toLowerCase()));
    item.title = p.purpose + (p.reason ? ' — ' + p.reason : '');
    list.appendChild(item);
  }
}

// What was sent per day over the last 14 days, one bar chart per asset; the same figures as a table for screen readers.
async function loadSpending() {
  const box = $('spending');
  box.innerHTML = '';
  const series = await api('/api/agents/' + agentId + '/spending?days=14');
  if (!series.length) box.appendChild(el('p', null, 'Nothing sent in the last 14 days'));
  const svgNs = 'http://www.w3.org/2000/svg';
  for (const s of series) {
    const figure = el('figure', 'spend-chart');
    figure.dataset.asset = s.asset;
    const total = s.days.reduce((n, d) => n + d.payments, 0);
    const caption = el('figcaption', null, s.asset + ': ' + total + ' payment' + (total === 1 ? '' : 's') + ' in 14 days');
    const svg = document.createElementNS(svgNs, 'svg');
    svg.setAttribute('viewBox', '0 0 ' + (s.days.length * 12) + ' 60');
    svg.setAttribute('aria-hidden', 'true');
    s.days.forEach((d, i) => {
      const height = d.payments > 0 ? Math.max(2, Math.round(d.percent * 0.56)) : 0;
      const bar = document.createElementNS(svgNs, 'rect');
      bar.setAttribute('x', i * 12 + 1);
      bar.setAttribute('y', 58 - height);
      bar.setAttribute('width', 10);
      bar.setAttribute('height', height);
      const title = document.createElementNS(svgNs, 'title');
      title.textContent = d.date + ': ' + d.paid + ' in ' + d.payments + ' payment' + (d.payments === 1 ? '' : 's');
      bar.appendChild(title);
      svg.appendChild(bar);
    });
    const table = el('table', 'sr-only');
    const head = el('tr');
    head.append(el('th', null, 'Day'), el('th', null, 'Sent'), el('th', null, 'Payments'));
    table.appendChild(head);
    for (const d of s.days.filter(d => d.payments > 0)) {
      const row = el('tr');
      row.append(el('td', null, d.date), el('td', null, d.paid), el('td', null, String(d.payments)));
      table.appendChild(row);
    }
    figure.append(caption, svg, table);
    box.appendChild(figure);
  }
}

async function loadApprovals() {
  const box = $('approvals');
  box.innerHTML = '';
  const pending = await api('/api/agents/' + agentId + '/approvals');
  if (!pending.length) box.appendChild(el('p', null, 'None'));
  for (const p of pending) box.appendChild(approvalCard(p.paymentId, p));
}

// An approval's full card: what, the most it can cost in fees, to whom, why it was proposed and why it waits.
function approvalCard(paymentId, p) {
  const card = el('div', 'card approval');
  card.dataset.paymentId = paymentId;
  card.appendChild(el('div', 'title', 'Approval needed'));
  const rows = el('dl');
  const row = (name, value) => {
    if (!value) return;
    rows.appendChild(el('dt', null, name));
    const dd = el('dd');
    dd.append(readable(value));
    rows.appendChild(dd);
  };
  row('Amount', p.amount);
  row('Maximum fee', p.maxFee || (p.amount ? 'none' : null));
  row('To', p.recipient);
  row('Purpose', p.purpose);
  row('Why it waits', p.reason || p.text);
  card.appendChild(rows);
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

// A tool call as a person reads it: what the agent did and what came of it; the raw JSON only on demand.
function toolCard(event) {
  const card = el('div', 'card tool ' + (event.failed ? 'failed' : 'ok'));
  const summary = el('div', 'summary');
  summary.append(el('strong', null, event.tool.replace(/_/g, ' ') + ': '));
  const result = said(event.result || '');
  summary.append(readable(result.length > 400 ? result.slice(0, 400) + '…' : result));
  card.appendChild(summary);
  const raw = el('details', 'raw');
  raw.appendChild(el('summary', null, 'Details'));
  raw.appendChild(el('div', null, 'arguments: '));
  raw.lastChild.appendChild(el('code', null, event.arguments));
  raw.appendChild(el('div', null, 'result: '));
  raw.lastChild.appendChild(el('code', null, event.result));
  card.appendChild(raw);
  return card;
}

// What a tool's result says in words: Bursar's tools answer JSON with a "summary" (or a "message"); others answer text.
function said(result) {
  const text = result.replace(/^error: /, '');
  try {
    const json = JSON.parse(text);
    if (json && typeof json === 'object') {
      if (json.summary || json.message) return String(json.summary || json.message);
      return Object.entries(json).map(([k, v]) => k.replace(/_/g, ' ') + ': ' + (typeof v === 'object' ? JSON.stringify(v) : v)).join(', ');
    }
  } catch (e) { /* plain text */ }
  return text;
}

// A payment the agent proposed waits for the owner: show its full card from the approvals list.
async function approvalInChat(event, reply, messages) {
  const card = approvalCard(event.paymentId, { text: event.text });
  messages.insertBefore(card, reply);
  try {
    const full = (await api('/api/agents/' + agentId + '/approvals')).find((p) => p.paymentId === event.paymentId);
    if (full) card.replaceWith(approvalCard(event.paymentId, full));
  } catch (e) { /* the short card stays */ }
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
  else if (event.type === 'approval') approvalInChat(event, reply, messages);
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

// A contract's safety report as a person reads it: the verdict and score, then each finding with its evidence.
async function checkContract(event) {
  event.preventDefault();
  const box = $('contract-report');
  box.innerHTML = '';
  if (!evmChainId) { box.appendChild(el('p', 'error', 'This agent has no EVM chain to check contracts on.')); return; }
  box.appendChild(el('p', null, 'Checking…'));
  try {
    const r = await api('/api/contracts/' + evmChainId + '/' + encodeURIComponent($('contract-address').value.trim()));
    box.innerHTML = '';
    const card = el('div', 'card report ' + r.verdict.toLowerCase());
    const title = el('div', 'title');
    title.append(r.verdict + ', score ' + r.score + '/100 · ', readable(r.address));
    card.appendChild(title);
    const findings = el('ul');
    for (const f of r.findings) {
      const item = el('li', 'finding ' + f.severity.toLowerCase());
      item.append(el('strong', null, f.code.replace(/_/g, ' ').toLowerCase() + ' (' + f.severity.toLowerCase() + '): '));
      item.append(readable(f.evidence));
      findings.appendChild(item);
    }
    card.appendChild(findings);
    box.appendChild(card);
  } catch (e) {
    box.innerHTML = '';
    box.appendChild(el('p', 'error', e.message));
  }
}

$('contract-form').onsubmit = checkContract;
$('contact-form').onsubmit = saveContact;
$('signin').onclick = signIn;
$('apikey').addEventListener('keydown', (e) => { if (e.key === 'Enter') signIn(); });
$('agent').onchange = (e) => { agentId = e.target.value; loadDetails(); };
$('refresh').onclick = () => loadDetails();
$('payment-filter').onchange = () => loadPayments();
$('composer').onsubmit = send;
if (apiKey) signIn();
