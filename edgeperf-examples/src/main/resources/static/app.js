// The sermon uploader's page: tus uploads with real (server-acknowledged) progress, resume after a reload
// or a dropped connection, a duplicate check before uploading, the Pi's status, and the stored sermons.
// No framework, no build step beyond bundling tus-js-client; never reads a whole file into memory.
(function () {
  'use strict';

  const TOKEN_KEY = 'sermon-uploader.token';
  const CHUNK_SIZE = 8 * 1024 * 1024;
  // Waiting for a free slot or for memory to recover can take minutes; give up after about ten.
  const RETRY_DELAYS = [0, 1000, 3000, 5000].concat(new Array(120).fill(5000));
  const $ = (selector) => document.querySelector(selector);

  let maxConcurrent = 2;
  let running = 0;
  const queue = [];

  // ---- token: from #token= once (a fragment never reaches the server or its logs), then this browser's storage ----
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.get('token')) {
    localStorage.setItem(TOKEN_KEY, fragment.get('token'));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = () => localStorage.getItem(TOKEN_KEY) || '';
  const authHeaders = () => (token() ? { Authorization: 'Bearer ' + token() } : {});

  function askForToken(show) {
    $('#token-form').hidden = !show;
  }
  $('#token-form').addEventListener('submit', (e) => {
    e.preventDefault();
    localStorage.setItem(TOKEN_KEY, $('#token-input').value.trim());
    $('#token-input').value = '';
    askForToken(false);
    refreshStatus();
    refreshRoles().finally(refreshStored);
  });

  // Reads need the token too unless the service runs with READ_ACCESS=public; a 401 asks for it.
  async function getJson(url) {
    const res = await fetch(url, { headers: authHeaders() });
    if (res.status === 401) {
      askForToken(true);
      throw new Error('the upload token is missing or wrong');
    }
    return res.json();
  }

  // A plain link cannot carry the token: ask for a ticket that opens this one download for a few minutes.
  async function download(name) {
    const res = await fetch('/api/tickets/' + encodeURIComponent(name), { method: 'POST', headers: authHeaders() });
    if (res.status === 401) {
      askForToken(true);
      return;
    }
    const ticket = await res.json();
    location.assign(ticket.url);
  }

  // ---- formatting ----
  function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
    return (i === 0 ? n : n.toFixed(n < 10 ? 2 : 1)) + ' ' + units[i];
  }
  function duration(seconds) {
    if (!isFinite(seconds)) return '';
    seconds = Math.round(seconds);
    const h = Math.floor(seconds / 3600);
    const m = Math.floor((seconds % 3600) / 60);
    const s = seconds % 60;
    return (h ? h + ':' + String(m).padStart(2, '0') : m) + ':' + String(s).padStart(2, '0');
  }

  // ---- one row per file ----
  function addRow(file) {
    const li = $('#row').content.firstElementChild.cloneNode(true);
    li.querySelector('.name').textContent = file.name;
    li.querySelector('.size').textContent = bytes(file.size);
    li.dataset.name = file.name;
    $('#uploads').appendChild(li);
    const row = {
      li,
      startedAt: 0,
      startedFrom: 0,
      state(kind, text) {
        li.className = 'upload ' + kind;
        li.dataset.state = kind;
        li.querySelector('.state').textContent = text;
        li.querySelector('.retry').hidden = kind !== 'failed';
        if (kind !== 'uploading') li.querySelector('.rate').textContent = '';
      },
      progress(accepted, total) {
        const now = performance.now();
        if (!row.startedAt) { row.startedAt = now; row.startedFrom = accepted; }
        li.querySelector('progress').value = total ? (100 * accepted) / total : 0;
        li.dataset.accepted = accepted;
        const seconds = (now - row.startedAt) / 1000;
        const rate = seconds > 0 ? (accepted - row.startedFrom) / seconds : 0;
        li.querySelector('.rate').textContent = rate > 0
          ? bytes(rate) + '/s, ' + duration((total - accepted) / rate) + ' left' : '';
        row.state('uploading', bytes(accepted) + ' of ' + bytes(total) + ' received');
      },
    };
    return row;
  }

  // ---- answers from the server ----
  function statusOf(err) {
    return err && err.originalResponse ? err.originalResponse.getStatus() : 0;
  }
  function bodyOf(err) {
    try {
      return JSON.parse(err.originalResponse.getBody() || '{}');
    } catch (e) {
      return {};
    }
  }
  function shouldRetry(err, row) {
    const status = statusOf(err);
    const body = bodyOf(err);
    if (status === 429 || status === 423 || status === 503 || (status === 507 && body.code === 'insufficient_memory')) {
      row.state('waiting', 'waiting: ' + (body.error || 'the Pi is busy'));
      return true;
    }
    if (status === 409) return body.code !== 'duplicate'; // an offset mismatch: resume from the server's offset
    return status === 0 || status >= 500 && status !== 507; // network drop or a server failure
  }
  function finish(err, row) {
    const status = statusOf(err);
    const body = bodyOf(err);
    if (status === 409 && body.code === 'duplicate') {
      row.state('duplicate', 'already stored as ' + body.existing);
    } else if (status === 401) {
      askForToken(true);
      row.state('failed', 'the upload token is missing or wrong; enter it above and retry');
    } else if (status === 415 || status === 413 || status === 400 || status === 507) {
      row.state('refused', 'refused: ' + (body.error || 'HTTP ' + status));
    } else {
      row.state('failed', 'failed: ' + (body.error || err.message || err));
    }
  }

  // ---- uploading ----
  function upload(file, row) {
    let storedName = null;
    const tusUpload = new tus.Upload(file, {
      endpoint: '/api/tus/',
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      metadata: { filename: file.name, filetype: file.type || 'audio/wav' },
      headers: authHeaders(),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onChunkComplete: (size, accepted, total) => row.progress(accepted, total),
      onAfterResponse: (req, res) => {
        const name = res.getHeader('X-Sermon-Name');
        if (name) storedName = name;
      },
      onShouldRetry: (err) => shouldRetry(err, row),
      onError: (err) => { finish(err, row); done(); },
      onSuccess: () => {
        row.li.querySelector('progress').value = 100;
        row.state('stored', storedName ? 'stored as ' + storedName : 'stored');
        done();
        refreshStored();
      },
    });
    row.li.querySelector('.retry').onclick = () => enqueue(file, row);
    tusUpload.findPreviousUploads().then((previous) => {
      if (previous.length) {
        tusUpload.resumeFromPreviousUpload(previous[0]);
        row.state('uploading', 'resuming');
      } else {
        row.state('uploading', 'starting');
      }
      tusUpload.start();
    });
  }

  function done() {
    running--;
    next();
  }
  function next() {
    while (running < maxConcurrent && queue.length) {
      const { file, row } = queue.shift();
      running++;
      upload(file, row);
    }
  }
  function enqueue(file, row) {
    row.state('waiting', 'waiting for a free upload slot');
    queue.push({ file, row });
    next();
  }

  async function accept(fileList) {
    const files = Array.from(fileList);
    if (!files.length) return;
    const rows = files.map(addRow);
    let answers = [];
    try {
      const res = await fetch('/api/uploads/check', {
        method: 'POST',
        headers: Object.assign({ 'Content-Type': 'application/json' }, authHeaders()),
        body: JSON.stringify({ files: files.map((f) => ({ name: f.name, size: f.size })) }),
      });
      if (res.status === 401) askForToken(true);
      if (res.ok) answers = (await res.json()).results;
    } catch (e) {
      answers = [];
    }
    files.forEach((file, i) => {
      const answer = answers[i];
      if (answer && answer.exists) {
        rows[i].li.querySelector('progress').value = 100;
        rows[i].state('duplicate', 'already stored as ' + answer.stored_as);
      } else {
        enqueue(file, rows[i]);
      }
    });
  }

  // ---- drag and drop, or pick ----
  const drop = $('#drop');
  ['dragenter', 'dragover'].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault();
    drop.classList.add('over');
  }));
  ['dragleave', 'drop'].forEach((t) => drop.addEventListener(t, () => drop.classList.remove('over')));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    accept(e.dataTransfer.files);
  });
  $('#files').addEventListener('change', (e) => {
    accept(e.target.files);
    e.target.value = '';
  });

  // ---- the Pi's status, every few seconds ----
  function pill(id, text, level) {
    const el = $(id);
    el.textContent = text;
    el.className = level === 'critical' || level === 'DOWN' ? 'bad' : level === 'warning' || level === 'DEGRADED' ? 'warn' : '';
  }
  async function refreshStatus() {
    try {
      const h = await getJson('/api/health/detailed');
      const temp = h.system.temperature_c;
      pill('#status-temp', temp == null ? 'temperature n/a' : temp.toFixed(1) + ' °C', h.system.thermal_level);
      pill('#status-memory', 'memory ' + h.system.memory_level, h.system.memory_level);
      pill('#status-uploads', h.uploads.active + ' of ' + h.uploads.max_concurrent + ' uploads running');
      pill('#status-store', 'store: ' + h.storage.type, h.status);
      maxConcurrent = Math.min(h.uploads.max_concurrent, h.uploads.max_per_client || h.uploads.max_concurrent);
      const reason = h.uploads.waiting_reason;
      $('#status-reason').hidden = !reason;
      $('#status-reason').textContent = reason || '';
    } catch (e) {
      pill('#status-store', token() ? 'service unreachable' : 'upload token needed', 'DOWN');
    }
  }

  // ---- stored sermons, and an admin's editor ----
  let isAdmin = false;
  async function refreshRoles() {
    if (!token()) return;
    const res = await fetch('/api/me', { headers: authHeaders() });
    isAdmin = res.ok && (await res.json()).roles.includes('admin');
  }

  let editing = null;
  const fields = ['title', 'speaker', 'date', 'series', 'notes'];
  function openEditor(f) {
    editing = f;
    $('#editor-of').textContent = f.name;
    $('#edit-name').value = f.name;
    fields.forEach((k) => { $('#edit-' + k).value = (f.details && f.details[k]) || ''; });
    $('#editor-error').hidden = true;
    $('#editor').showModal();
  }
  async function change(method, body) {
    const res = await fetch('/api/files/' + encodeURIComponent(editing.name), {
      method,
      headers: { ...authHeaders(), 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    if (res.ok) {
      $('#editor').close();
      refreshStored();
      return;
    }
    const err = await res.json().catch(() => ({ error: 'HTTP ' + res.status }));
    $('#editor-error').textContent = err.error;
    $('#editor-error').hidden = false;
  }
  $('#editor-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const details = {};
    fields.forEach((k) => { details[k] = $('#edit-' + k).value; });
    const body = { details };
    if ($('#edit-name').value !== editing.name) body.name = $('#edit-name').value;
    change('PATCH', body);
  });
  $('#edit-cancel').addEventListener('click', () => $('#editor').close());
  $('#edit-delete').addEventListener('click', () => {
    if (confirm('Delete ' + editing.name + ' from the Pi and the object store? This cannot be undone.')) {
      change('DELETE');
    }
  });

  function button(text, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = text;
    b.addEventListener('click', onClick);
    return b;
  }

  async function refreshStored() {
    const tbody = $('#stored tbody');
    let list;
    try {
      list = await getJson('/api/files');
    } catch (e) {
      return;
    }
    tbody.textContent = '';
    list.files.forEach((f) => {
      const tr = document.createElement('tr');
      const cells = [f.name, bytes(f.size), duration(f.durationSeconds), new Date(f.uploadedAt).toLocaleString()];
      cells.forEach((text) => {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      });
      const d = f.details || {};
      const about = [d.title, d.speaker, d.date, d.series].filter(Boolean).join(' · ');
      if (about) {
        const span = document.createElement('span');
        span.className = 'about';
        span.textContent = about;
        tr.firstChild.appendChild(span);
      }
      const td = document.createElement('td');
      td.appendChild(button('Download', 'download', () => download(f.name)));
      if (isAdmin) td.appendChild(button('Edit', 'edit', () => openEditor(f)));
      tr.appendChild(td);
      tbody.appendChild(tr);
    });
    $('#stored-empty').hidden = list.files.length > 0;
  }

  askForToken(!token());
  refreshStatus();
  refreshRoles().finally(refreshStored);
  setInterval(refreshStatus, 5000);
})();
