/*
 * Chat widget for the Kuala Lumpur Declaration bot.
 *
 * Embed with one tag on any page:
 *   <script src="https://HOST/widget.js" defer></script>
 * Optional attributes on that tag:
 *   data-lang="vi|en"        UI language (default: the page's <html lang>, else English)
 *   data-transport="http"    skip the websocket and use HTTP only (e.g. behind proxies that block it)
 *
 * Plain ES2019 in one IIFE, no build step. Every piece of text from the user, the server or
 * the corpus goes into the page through textContent / createElement, never innerHTML.
 */
(function () {
  'use strict';

  if (window.__kbwLoaded) return; // a page that embeds the tag twice still gets one widget
  window.__kbwLoaded = true;

  var script = document.currentScript;
  var ORIGIN = new URL(script && script.src ? script.src : location.href).origin;
  var TOKEN_KEY = 'kbw:token:' + ORIGIN;
  // What was said in this tab, so a reload shows the conversation it resumes (the tab's session only).
  var HISTORY_KEY = 'kbw:history:' + ORIGIN;
  var HISTORY_MAX = 60;
  var REPLY_TIMEOUT_MS = 20000;
  var MAX_QUESTION = 500; // the server writes its MAX_QUESTION_CHARS here when it serves this file
  var BACKOFF_MS = [1000, 2000, 4000, 8000, 16000, 30000];
  var MAX_FAILED_CONNECTS = 3; // never-opened attempts in a row before staying on HTTP

  var STRINGS = {
    en: {
      title: 'Kuala Lumpur Declaration',
      subtitle: 'Answers quoted from the text',
      open: 'Ask about the Kuala Lumpur Declaration',
      close: 'Close chat',
      placeholder: 'Ask a question…',
      inputLabel: 'Your question',
      send: 'Send',
      newChat: 'New conversation',
      counter: function (n) { return n + ' / ' + MAX_QUESTION; },
      welcome: 'Hello! Ask me about the Kuala Lumpur Declaration (17th AMRI, May 2025). I answer by quoting the text, with a link to each paragraph.',
      suggestions: [
        'Where will the 18th AMRI meeting be held?',
        'What does the declaration say about disinformation?',
        'Which countries took part in the meetings?'
      ],
      typing: 'The bot is looking…',
      noReply: 'No reply from the server. Please try again.',
      offline: 'Connection lost — retrying…',
      sendFailed: 'Could not reach the server. Please try again.',
      tooLong: 'Please keep questions under ' + MAX_QUESTION + ' characters.',
      paragraph: '¶',
      showOriginal: 'Show original',
      hideOriginal: 'Hide original',
      helpful: 'Helpful',
      notHelpful: 'Not helpful',
      feedbackThanks: 'Thanks for the feedback.',
      more: 'More',
      also: 'Also relevant',
      opensNewTab: '(opens in a new tab)'
    },
    vi: {
      title: 'Tuyên bố Kuala Lumpur',
      subtitle: 'Trả lời bằng trích dẫn nguyên văn',
      open: 'Hỏi về Tuyên bố Kuala Lumpur',
      close: 'Đóng khung chat',
      placeholder: 'Nhập câu hỏi…',
      inputLabel: 'Câu hỏi của bạn',
      send: 'Gửi',
      newChat: 'Trò chuyện mới',
      counter: function (n) { return n + ' / ' + MAX_QUESTION; },
      welcome: 'Xin chào! Hãy hỏi tôi về Tuyên bố Kuala Lumpur (AMRI 17, tháng 5/2025). Tôi trả lời bằng cách trích dẫn văn bản, kèm liên kết tới từng đoạn.',
      suggestions: [
        'Hội nghị AMRI lần thứ 18 sẽ được tổ chức ở đâu?',
        'Tuyên bố nói gì về tin giả?',
        'Những nước nào tham dự hội nghị?'
      ],
      typing: 'Đang tìm câu trả lời…',
      noReply: 'Máy chủ không trả lời. Vui lòng thử lại.',
      offline: 'Mất kết nối — đang thử lại…',
      sendFailed: 'Không kết nối được máy chủ. Vui lòng thử lại.',
      tooLong: 'Câu hỏi tối đa ' + MAX_QUESTION + ' ký tự.',
      paragraph: 'đoạn',
      showOriginal: 'Hiện bản gốc',
      hideOriginal: 'Ẩn bản gốc',
      helpful: 'Hữu ích',
      notHelpful: 'Không hữu ích',
      feedbackThanks: 'Cảm ơn bạn đã góp ý.',
      more: 'Thêm',
      also: 'Cũng liên quan',
      opensNewTab: '(mở trong thẻ mới)'
    }
  };

  function pickLang(value) {
    return /^vi\b/i.test(String(value || '')) ? 'vi' : 'en';
  }
  var uiLang = pickLang((script && script.getAttribute('data-lang')) || document.documentElement.lang);
  var T = STRINGS[uiLang];
  var forceHttp = !!(script && script.getAttribute('data-transport') === 'http');

  // ---------- small DOM helpers (text only, never HTML) ----------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === undefined || v === null || v === false) return;
        if (k === 'text') node.textContent = String(v);
        else if (k === 'className') node.className = v;
        else node.setAttribute(k, v === true ? '' : String(v));
      });
    }
    (children || []).forEach(function (c) {
      if (c) node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  var idCounter = 0;
  function uid(prefix) {
    idCounter += 1;
    return 'kbw-' + prefix + '-' + idCounter;
  }

  /** Resolves a server-given link against the widget's origin; only http(s) links are kept. */
  function safeUrl(raw) {
    try {
      var u = new URL(String(raw), ORIGIN);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch (e) {
      return null;
    }
  }

  function storageGet() {
    try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; }
  }
  function storageSet(token) {
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: token lives in memory only */ }
  }
  function historyGet() {
    try {
      var h = JSON.parse(sessionStorage.getItem(HISTORY_KEY) || '[]');
      return Array.isArray(h) ? h : [];
    } catch (e) { return []; }
  }
  var history = historyGet();
  var restoring = false;
  function remember(entry) {
    if (restoring) return;
    history.push(entry);
    if (history.length > HISTORY_MAX) history.splice(0, history.length - HISTORY_MAX);
    try { sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history)); } catch (e) { /* full or private: not kept */ }
  }
  function forget() {
    history = [];
    try { sessionStorage.removeItem(HISTORY_KEY); } catch (e) { /* private mode */ }
  }

  // ---------- styles ----------

  if (!document.querySelector('link[data-kbw]')) {
    document.head.appendChild(el('link', { rel: 'stylesheet', href: ORIGIN + '/widget.css', 'data-kbw': true }));
  }

  // ---------- layout ----------

  var panelId = uid('panel');
  var titleId = uid('title');

  var launcher = el('button', {
    type: 'button', className: 'kbw-launcher', 'aria-label': T.open, 'aria-expanded': 'false',
    'aria-controls': panelId, title: T.open
  }, [chatIcon()]);

  var closeBtn = el('button', { type: 'button', className: 'kbw-close', 'aria-label': T.close, title: T.close }, ['×']);
  var newBtn = el('button', { type: 'button', className: 'kbw-new', text: T.newChat });
  var statusLine = el('p', { className: 'kbw-status', role: 'status' });
  var header = el('div', { className: 'kbw-header' }, [
    el('div', { className: 'kbw-heading' }, [
      el('h2', { className: 'kbw-title', id: titleId, text: T.title }),
      el('p', { className: 'kbw-subtitle', text: T.subtitle })
    ]),
    newBtn,
    closeBtn
  ]);
  var list = el('div', { className: 'kbw-messages', role: 'log', 'aria-live': 'polite', 'aria-relevant': 'additions', tabindex: '-1' });
  var inputId = uid('input');
  // Several lines (Enter sends, Shift+Enter breaks the line), with the limit in sight.
  var countId = uid('count');
  var input = el('textarea', {
    id: inputId, className: 'kbw-input', name: 'question', autocomplete: 'off', rows: '2',
    maxlength: String(MAX_QUESTION), placeholder: T.placeholder, 'aria-label': T.inputLabel, 'aria-describedby': countId, lang: uiLang
  });
  var counter = el('span', { id: countId, className: 'kbw-count', text: T.counter(0) });
  var sendBtn = el('button', { type: 'submit', className: 'kbw-send', text: T.send });
  var form = el('form', { className: 'kbw-form' }, [input, sendBtn, counter]);
  var panel = el('section', {
    id: panelId, className: 'kbw-panel', role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': titleId, hidden: true, lang: uiLang
  }, [header, statusLine, list, form]);
  var root = el('div', { className: 'kbw-root' }, [panel, launcher]);

  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = document.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm5 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3zm5 0a1.5 1.5 0 1 0 0-3 1.5 1.5 0 0 0 0 3z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  // ---------- open / close ----------

  var started = false;

  function openPanel() {
    panel.hidden = false;
    root.classList.add('kbw-is-open');
    launcher.setAttribute('aria-expanded', 'true');
    if (!started) {
      started = true;
      renderWelcome();
      // After a reload in the same tab: the conversation so far, then the session is resumed.
      restoring = true;
      history.forEach(function (h) {
        if (h && typeof h.user === 'string') renderUser(h.user);
        else if (h && h.reply && typeof h.reply === 'object') renderReply(h.reply);
      });
      restoring = false;
      transport.start();
    }
    input.focus();
  }

  function closePanel() {
    panel.hidden = true;
    root.classList.remove('kbw-is-open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }

  launcher.addEventListener('click', function () {
    if (panel.hidden) openPanel(); else closePanel();
  });
  closeBtn.addEventListener('click', closePanel);
  panel.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape') {
      ev.preventDefault();
      closePanel();
    }
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    ask(input.value);
  });
  input.addEventListener('keydown', function (ev) {
    // Enter sends; Shift+Enter (or Enter while an input method composes) stays in the text.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault();
      ask(input.value);
    }
  });
  input.addEventListener('input', function () {
    counter.textContent = T.counter(input.value.length);
    counter.classList.toggle('kbw-count-full', input.value.length >= MAX_QUESTION);
  });
  newBtn.addEventListener('click', function () {
    // A new conversation: a new server session, an empty log, the welcome and its suggestions again.
    list.textContent = '';
    setWaiting(false);
    forget();
    transport.restart();
    renderWelcome();
    input.focus();
  });

  // ---------- messages ----------

  var typingRow = null;
  var replyTimer = null;

  /** Adds a row; a long answer is scrolled to its start so the reader begins at the top of it. */
  function append(node, alignTop) {
    list.appendChild(node);
    var top = node.offsetTop - list.offsetTop - 12;
    list.scrollTop = alignTop ? Math.min(top, list.scrollHeight) : list.scrollHeight;
    return node;
  }

  function setWaiting(on) {
    clearTimeout(replyTimer);
    if (typingRow) { typingRow.remove(); typingRow = null; }
    if (on) {
      typingRow = append(el('div', { className: 'kbw-row kbw-bot kbw-typing' }, [
        el('span', { className: 'kbw-dots', 'aria-hidden': 'true' }, [el('span'), el('span'), el('span')]),
        el('span', { className: 'kbw-sr', text: T.typing })
      ]));
      replyTimer = setTimeout(function () {
        setWaiting(false);
        showNotice(T.noReply);
      }, REPLY_TIMEOUT_MS);
    }
  }

  function showNotice(text) {
    append(el('div', { className: 'kbw-row kbw-bot' }, [el('p', { className: 'kbw-bubble kbw-notice', text: text })]));
  }

  function renderUser(text) {
    remember({ user: text });
    append(el('div', { className: 'kbw-row kbw-user' }, [el('p', { className: 'kbw-bubble', text: text })]));
  }

  function chips(items, lang) {
    if (!items.length) return null;
    return el('div', { className: 'kbw-chips', lang: lang }, items.map(function (item) {
      var b = el('button', { type: 'button', className: 'kbw-chip' + (item.more ? ' kbw-chip-more' : ''), text: item.label });
      b.addEventListener('click', function () { ask(item.send, item.continues); });
      return b;
    }));
  }

  function renderWelcome() {
    append(el('div', { className: 'kbw-row kbw-bot', lang: uiLang }, [
      el('div', { className: 'kbw-bubble' }, [
        el('p', { className: 'kbw-welcome', text: T.welcome }),
        chips(T.suggestions.map(function (s) { return { label: s, send: s }; }), uiLang)
      ])
    ]));
  }

  function renderPassage(p, lang) {
    var S = STRINGS[lang];
    var quote = el('blockquote', { className: 'kbw-quote', lang: p.textLang || lang });
    var sentences = Array.isArray(p.sentences) && p.sentences.length ? p.sentences : [{ text: p.text, marked: false }];
    sentences.forEach(function (s, i) {
      // A side box's heading stands on its own line, in bold, not run into its first sentence.
      if (s.heading) { quote.appendChild(el('strong', { className: 'kbw-heading', text: s.text })); quote.appendChild(el('br', {})); return; }
      if (i > 0 && !(sentences[i - 1] && sentences[i - 1].heading)) quote.appendChild(document.createTextNode(' '));
      quote.appendChild(el(s.marked ? 'mark' : 'span', { text: s.text }));
    });

    var label = String(p.title || '') + ' — ' + S.paragraph + (lang === 'vi' ? ' ' : '') + String(p.paragraph) +
      (p.translation ? ' (' + String(p.translation) + ')' : '');
    var href = safeUrl(p.url);
    var cite = el('p', { className: 'kbw-cite' }, [
      href
        ? el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', title: S.opensNewTab }, [label, el('span', { className: 'kbw-sr', text: ' ' + S.opensNewTab })])
        : label
    ]);

    var children = [quote, cite];
    var orig = p.original;
    if (orig && orig.text && orig.lang && orig.lang !== p.textLang) {
      var origId = uid('orig');
      var origQuote = el('blockquote', { className: 'kbw-quote kbw-original', id: origId, lang: orig.lang, hidden: true, text: orig.text });
      var toggle = el('button', {
        type: 'button', className: 'kbw-toggle', 'aria-expanded': 'false', 'aria-controls': origId, text: S.showOriginal
      });
      toggle.addEventListener('click', function () {
        var show = origQuote.hidden;
        origQuote.hidden = !show;
        toggle.setAttribute('aria-expanded', show ? 'true' : 'false');
        toggle.textContent = show ? S.hideOriginal : S.showOriginal;
      });
      children.push(toggle, origQuote);
    }
    return el('article', { className: 'kbw-passage' }, children);
  }

  function renderFeedback(answerId, lang) {
    var S = STRINGS[lang];
    var note = el('span', { className: 'kbw-feedback-note', role: 'status' });
    var buttons = [['up', '👍', S.helpful], ['down', '👎', S.notHelpful]].map(function (f) {
      var b = el('button', { type: 'button', className: 'kbw-vote', 'aria-label': f[2], title: f[2], 'aria-pressed': 'false', 'data-value': f[0], text: f[1] });
      b.addEventListener('click', function () {
        if (b.getAttribute('aria-pressed') === 'true') return;
        buttons.forEach(function (other) { other.setAttribute('aria-pressed', other === b ? 'true' : 'false'); });
        note.textContent = '';
        pendingFeedback[answerId] = function () { note.textContent = S.feedbackThanks; };
        transport.send({ type: 'feedback', answerId: answerId, value: f[0] });
      });
      return b;
    });
    return el('div', { className: 'kbw-feedback', 'data-answer-id': answerId }, buttons.concat([note]));
  }

  function renderReply(reply) {
    remember({ reply: reply });
    var lang = reply.lang === 'vi' ? 'vi' : 'en';
    var S = STRINGS[lang];
    var bubble = el('div', { className: 'kbw-bubble kbw-reply', 'data-kind': String(reply.kind || '') });
    if (reply.frame) bubble.appendChild(el('p', { className: 'kbw-frame', text: reply.frame }));
    // The short answer, verbatim from the first passage, above the citations.
    if (reply.answer && typeof reply.answer.text === 'string') bubble.appendChild(el('p', { className: 'kbw-answer', text: reply.answer.text }));
    var passages = Array.isArray(reply.passages) ? reply.passages : [];
    passages.forEach(function (p, i) {
      // Passages close in score to the first follow it under one label.
      if (p && p.alsoRelevant && !(passages[i - 1] && passages[i - 1].alsoRelevant)) bubble.appendChild(el('p', { className: 'kbw-also', text: S.also }));
      bubble.appendChild(renderPassage(p, lang));
    });
    var items = (Array.isArray(reply.suggestions) ? reply.suggestions : []).map(function (s) { return { label: String(s), send: String(s) }; });
    // "More" continues the answer it sits under, however many questions came after it.
    if (reply.hasMore) items.push({ label: S.more, send: S.more.toLowerCase(), more: true, continues: reply.answerId ? String(reply.answerId) : undefined });
    var c = chips(items, lang);
    if (c) bubble.appendChild(c);
    if (reply.answerId) bubble.appendChild(renderFeedback(String(reply.answerId), lang));
    append(el('div', { className: 'kbw-row kbw-bot', lang: lang }, [bubble]), true);
  }

  var pendingFeedback = {};

  function onServerMessage(msg) {
    if (!msg || typeof msg !== 'object') return;
    if (msg.type === 'session' && typeof msg.token === 'string') {
      transport.onSession(msg.token);
    } else if (msg.type === 'feedback_ack') {
      var done = pendingFeedback[msg.answerId];
      if (done) { delete pendingFeedback[msg.answerId]; done(); }
    } else if (msg.type === 'error') {
      setWaiting(false);
      showNotice(String(msg.message || T.sendFailed));
    } else if (msg.type === 'message') {
      setWaiting(false);
      if (msg.reply && typeof msg.reply === 'object') renderReply(msg.reply);
      else if (msg.text) showNotice(String(msg.text));
    }
  }

  function ask(raw, continues) {
    var text = String(raw || '').trim();
    if (!text) return;
    if (text.length > MAX_QUESTION) { showNotice(T.tooLong); return; }
    if (panel.hidden) openPanel();
    input.value = '';
    counter.textContent = T.counter(0);
    renderUser(text);
    setWaiting(true);
    var msg = { type: 'message', text: text };
    if (continues) msg.continues = continues;
    transport.send(msg);
  }

  // ---------- transport: websocket first, HTTP fallback ----------

  var transport = (function () {
    var token = storageGet();
    var ws = null;
    var failedConnects = 0; // attempts in a row that never opened
    var attempt = 0;
    var httpOnly = forceHttp || typeof window.WebSocket !== 'function';
    var queue = []; // messages waiting while the websocket connects
    var sessionTimer = null;
    var httpChain = Promise.resolve();

    function setToken(t) {
      token = t;
      storageSet(t);
    }

    /*
     * Websocket handshake. The server greets every connection with a new session; a client that
     * already holds a token then asks to resume it (welcome_back) and uses the token the server
     * answers with. Queued questions wait for that, so none is sent under the throwaway greeting id.
     * A timer keeps a silent server from holding the queue forever.
     */
    var phase = 'closed'; // closed | greeting | welcoming | ready

    function onSession(t) {
      if (phase === 'greeting' && token) {
        sendWelcome();
        return;
      }
      setToken(t);
      if (phase === 'greeting' || phase === 'welcoming') markReady();
    }

    function sendWelcome() {
      phase = 'welcoming';
      ws.send(JSON.stringify({ type: 'welcome_back', token: token }));
      clearTimeout(sessionTimer);
      sessionTimer = setTimeout(markReady, 3000);
    }

    function markReady() {
      clearTimeout(sessionTimer);
      if (!ws || ws.readyState !== 1) return;
      phase = 'ready';
      while (queue.length) sendWs(queue.shift());
    }

    function sendWs(msg) {
      if (token) msg.token = token;
      ws.send(JSON.stringify(msg));
    }

    function drainToHttp() {
      var pending = queue;
      queue = [];
      pending.forEach(sendHttp);
    }

    function connect() {
      if (httpOnly) return;
      var opened = false;
      var socket;
      try {
        socket = new WebSocket(ORIGIN.replace(/^http/, 'ws') + '/');
      } catch (e) {
        fallBack();
        return;
      }
      ws = socket;
      phase = 'closed';
      socket.onopen = function () {
        opened = true;
        failedConnects = 0;
        attempt = 0;
        statusLine.textContent = '';
        phase = 'greeting';
        sessionTimer = setTimeout(function () {
          if (token) sendWelcome(); else markReady();
        }, 3000);
      };
      socket.onmessage = function (ev) {
        var msg;
        try { msg = JSON.parse(ev.data); } catch (e) { return; }
        onServerMessage(msg);
      };
      // A socket blocked by the page's content security policy fires error but never close
      // (Chromium): treat that as a failed connect, or questions would wait for the reply timeout.
      socket.onerror = function () {
        if (!opened) socket.onclose();
      };
      socket.onclose = function () {
        clearTimeout(sessionTimer);
        if (ws !== socket) return;
        ws = null;
        phase = 'closed';
        if (!opened) failedConnects += 1;
        drainToHttp(); // whatever was waiting for this socket goes over HTTP instead
        if (failedConnects >= MAX_FAILED_CONNECTS) { fallBack(); return; }
        if (opened) statusLine.textContent = T.offline;
        var delay = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)];
        attempt += 1;
        setTimeout(connect, delay * (0.75 + Math.random() * 0.5));
      };
    }

    /** The websocket cannot be reached: everything goes over HTTP from now on. */
    function fallBack() {
      httpOnly = true;
      statusLine.textContent = '';
      drainToHttp();
    }

    function post(body) {
      return fetch(ORIGIN + '/botkit/receive', {
        method: 'POST',
        // On another site's page, text/plain keeps this a "simple" request: no CORS preflight round trip.
        headers: { 'Content-Type': ORIGIN === location.origin ? 'application/json' : 'text/plain;charset=UTF-8' },
        body: JSON.stringify(body)
      }).then(function (res) {
        return res.text().then(function (text) {
          var out = null;
          try { out = text ? JSON.parse(text) : []; } catch (e) { out = null; }
          if (out && !Array.isArray(out) && typeof out.error === 'string') out = [{ type: 'error', message: out.error }];
          if (!Array.isArray(out)) throw new Error('HTTP ' + res.status);
          out.forEach(onServerMessage);
        });
      });
    }

    // HTTP requests run one after another so replies keep the order of the questions.
    function sendHttp(msg) {
      httpChain = httpChain.then(function () {
        return token ? null : post({ type: 'hello' });
      }).then(function () {
        if (token) msg.token = token;
        return post(msg);
      }).catch(function () {
        setWaiting(false);
        showNotice(T.sendFailed);
      });
    }

    function send(msg) {
      if (httpOnly || !ws) return sendHttp(msg); // no socket right now: do not wait for a reconnect
      if (phase === 'ready' && ws.readyState === 1) return sendWs(msg);
      queue.push(msg);
    }

    /** Forgets the session: the next message starts a new conversation on the server. */
    function restart() {
      token = null;
      try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* private mode */ }
      queue = [];
      if (!ws) return;
      var old = ws;
      ws = null;
      phase = 'closed';
      old.onclose = null;
      old.onmessage = null;
      try { old.close(); } catch (e) { /* already closing */ }
      connect();
    }

    return {
      start: connect,
      send: send,
      restart: restart,
      onSession: function (t) { if (httpOnly || !ws) setToken(t); else onSession(t); }
    };
  })();

  function mount() {
    document.body.appendChild(root);
  }
  if (document.body) mount(); else document.addEventListener('DOMContentLoaded', mount);
})();
