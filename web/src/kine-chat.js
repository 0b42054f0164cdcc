/*
 * KineChat: the assistant's chat widget, a client of Rasa 3.6's socket.io channel.
 *
 * A site adds it with one tag, after an optional configuration:
 *
 *   <script>
 *     window.KineChat = {
 *       serverUrl: "https://assistant.example.fr",  // default: the page's own origin
 *       title: "Assistant remboursement kiné",
 *       subtitle: "Informations générales et sourcées",
 *       greeting: "Bonjour ! …",
 *       colors: { primary: "#0b5c7a", onPrimary: "#ffffff" }
 *     };
 *   </script>
 *   <script src="/widget/kine-chat.js" defer></script>
 *
 * The same settings can be given as data-* attributes of the script tag
 * (data-server-url, data-title, data-subtitle, data-greeting, data-primary-color);
 * they win over window.KineChat.
 *
 * web/build.sh wraps this file with socket.io-client's prebuilt bundle, which
 * gives it `io` without leaving a global behind; the stylesheet kine-chat.css
 * is loaded from beside the script.
 *
 * Every text, the server's as the user's, enters the page as text nodes
 * (createTextNode, textContent), never as HTML.
 *
 * A calculation result arrives as Rasa's `custom` payload {"type": "kine_result", …}
 * (bot/result_view.py) beside its plain text: the widget shows it as a card (the
 * amount in large type, the breakdown as a small table, the assumptions and
 * warnings, the sources folded), built with DOM calls from the payload's strings;
 * a message without it shows its text.
 *
 * Every tab of the site shows the same conversation: the stored copy (localStorage) is
 * the one transcript, each message with an id (the server's for a bot message, random for
 * a question) and the time a tab first showed it; a tab writes each message it shows, follows
 * the others' writes (the `storage` event) by adding, in place and never before a message it
 * showed earlier, what it lacks, and shows a message once even when
 * it comes twice (each tab receives the replies of the conversation's room). Another
 * conversation stored by another tab (« Nouvelle conversation », « oublie ») replaces this one.
 */
(function () {
  "use strict";

  if (document.getElementById("kine-chat")) return;  // included twice

  var script = document.currentScript;
  var STORAGE_KEY = "kine-chat:v1";
  var MAX_STORED = 200;            // messages kept for the next page
  var STORED_FOR_MS = 24 * 3600 * 1000;  // health data: the browser forgets it after a day
  var MAX_CHARS = 2000;            // the server's limit (bot/user_input.py)
  var TYPING_TIMEOUT_MS = 30000;
  var NOTICE_MS = 6000;
  var SESSION_RETRY_MS = 30000;    // a new conversation refused (too many from this address): asked again

  var TEXT = {
    open: "Ouvrir l'assistant",
    close: "Fermer l'assistant",
    reset: "Nouvelle conversation",
    resetConfirm: "Effacer cette conversation et en commencer une nouvelle ?",
    log: "Messages de la conversation",
    input: "Votre message",
    placeholder: "Écrivez votre question…",
    send: "Envoyer",
    you: "Vous : ",
    bot: "Assistant : ",
    choices: "Réponses proposées",
    typing: "L'assistant est en train d'écrire…",
    offline: "Impossible de joindre l'assistant pour le moment. Nouvelle tentative automatique…",
    queued: "Votre message partira dès que la connexion sera rétablie.",
    back: "Connexion rétablie : vous pouvez poursuivre la conversation.",
    newTab: " (nouvel onglet)",
    tooLong: "Votre message fait {length} caractères : c'est trop long ({limit} au plus). " +
      "Raccourcissez-le avant de l'envoyer.",
    breakdown: "Détail du calcul",
    assumptions: "Hypothèses : ",
    warning: "Attention : ",
    sources: "Sources",
    notice: "Informations générales, pas un avis médical. N'indiquez pas de données personnelles."
  };

  var DEFAULTS = {
    serverUrl: "",
    socketPath: "/socket.io",
    title: "Assistant remboursement kiné",
    subtitle: "Facturation et remboursement des séances",
    greeting: "Bonjour ! Je réponds à vos questions sur la facturation et le remboursement " +
      "des séances de kinésithérapie en France, et je calcule un reste à charge.\n" +
      "Écrivez « aide » pour voir les thèmes.",
    notice: TEXT.notice
  };

  var COLOR_VARS = {
    primary: "--kc-primary", onPrimary: "--kc-on-primary", botBubble: "--kc-bot-bg",
    botText: "--kc-bot-fg", background: "--kc-bg", text: "--kc-fg", focus: "--kc-focus"
  };

  // ---- configuration -------------------------------------------------------

  function readConfig() {
    var given = (window.KineChat && typeof window.KineChat === "object") ? window.KineChat : {};
    var data = (script && script.dataset) || {};
    var config = {};
    Object.keys(DEFAULTS).forEach(function (key) {
      var value = data[key] !== undefined ? data[key] : given[key];
      config[key] = typeof value === "string" ? value : DEFAULTS[key];
    });
    config.colors = {};
    var colors = (given.colors && typeof given.colors === "object") ? given.colors : {};
    Object.keys(COLOR_VARS).forEach(function (key) {
      var value = data[key + "Color"] !== undefined ? data[key + "Color"] : colors[key];
      if (typeof value === "string" && value) config.colors[key] = value;
    });
    var base = script && script.src ? script.src.replace(/[^/]*([?#].*)?$/, "") : "";
    config.stylesheet = given.stylesheet !== undefined ? given.stylesheet : base + "kine-chat.css";
    return config;
  }

  // ---- stored conversation (the same one after a reload) -------------------

  function validMessage(m) {
    return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string" &&
      Array.isArray(m.buttons) && (m.card === undefined || (m.card && typeof m.card === "object"));
  }

  function newId(prefix) {
    var bytes = new Uint8Array(8);
    window.crypto.getRandomValues(bytes);
    return prefix + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // The stored conversation, or null (none, expired, or no storage). Messages stored before
  // they had ids get them from their place: the same in every tab.
  function readStored() {
    try {
      var stored = JSON.parse(window.localStorage.getItem(STORAGE_KEY));
      if (stored && !(typeof stored.savedAt === "number" && Date.now() - stored.savedAt < STORED_FOR_MS)) {
        window.localStorage.removeItem(STORAGE_KEY);  // expired (or from before expiry existed)
        return null;
      }
      if (!stored || !Array.isArray(stored.messages)) return null;
      var seen = Object.create(null);
      return {
        conversation: typeof stored.conversation === "string" ? stored.conversation : "",
        sessionId: typeof stored.sessionId === "string" ? stored.sessionId : null,
        messages: stored.messages.filter(validMessage).map(function (m, index) {
          if (typeof m.id !== "string") m.id = "old-" + index;
          return m;
        }).filter(function (m) { return seen[m.id] ? false : (seen[m.id] = true); }),
        open: stored.open === true
      };
    } catch (e) { return null; /* no storage, or unreadable: a new conversation */ }
  }

  function saveState() {
    state.messages = state.messages.slice(-MAX_STORED);
    try {
      window.localStorage.setItem(STORAGE_KEY, JSON.stringify({
        conversation: state.conversation, sessionId: state.sessionId, messages: state.messages,
        open: state.open, savedAt: Date.now()
      }));
    } catch (e) { /* private mode or full: the conversation lasts as long as the page */ }
  }

  // ---- DOM helpers ------------------------------------------------------------

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = unbroken(attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function icon(pathData) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var path = document.createElementNS(ns, "path");
    path.setAttribute("d", pathData);
    svg.appendChild(path);
    return svg;
  }

  var ICON_CHAT = "M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z";
  var ICON_CLOSE = "M6 6l12 12M18 6L6 18";
  var ICON_RESET = "M4 12a8 8 0 1 0 2.3-5.7M4 4v4h4";
  var ICON_SEND = "M3 20l18-8L3 4l2 8-2 8zM5 12h8";

  // Bare http(s) URLs become links; the punctuation that ends a sentence stays text.
  var URL_PATTERN = /https?:\/\/[^\s<>"«»]+/g;
  var TRAILING = /[.,;:!?'")\]]+$/;

  // The assistant writes plain spaces (bot/money.py); on a phone « 19,89 » and « € » must not part across
  // two lines: the space between a figure and its unit is shown as a no-break space. So is the space
  // inside French guillemets and before « : ; ? ! », which must not begin a line either.
  var FIGURE_UNIT = /(\d) (€|%|km\b)/g;
  var OPENING_QUOTE = /« /g;
  var BEFORE_PUNCTUATION = / ([»:;?!])/g;

  function unbroken(text) {
    return String(text).replace(FIGURE_UNIT, "$1\u00a0$2").replace(OPENING_QUOTE, "«\u00a0")
      .replace(BEFORE_PUNCTUATION, "\u00a0$1");
  }

  function appendText(parent, text, withLinks) {
    text = unbroken(text);
    text.split("\n").forEach(function (line, index) {
      if (index > 0) parent.appendChild(el("br"));
      if (!withLinks) {
        parent.appendChild(document.createTextNode(line));
        return;
      }
      var pattern = new RegExp(URL_PATTERN.source, "g");
      var last = 0;
      var match;
      while ((match = pattern.exec(line)) !== null) {
        var url = match[0].replace(TRAILING, "");
        if (!url.replace(/^https?:\/\//, "")) continue;
        if (match.index > last) parent.appendChild(document.createTextNode(line.slice(last, match.index)));
        parent.appendChild(externalLink(url, url));
        last = match.index + url.length;
        pattern.lastIndex = last;
      }
      if (last < line.length) parent.appendChild(document.createTextNode(line.slice(last)));
    });
  }

  // ---- a calculation result as a card ---------------------------------------------

  function str(value) { return typeof value === "string" ? value : ""; }
  function strings(value) {
    return Array.isArray(value) ? value.filter(function (v) { return typeof v === "string" && v; }) : [];
  }
  function safeUrl(value) { return /^https?:\/\//.test(str(value)) ? value : ""; }

  // Keeps only what the card shows, as strings: the payload is data, never markup.
  function readCard(custom) {
    if (!custom || typeof custom !== "object" || custom.type !== "kine_result" || !str(custom.amount)) return null;
    var rows = Array.isArray(custom.rows) ? custom.rows : [];
    var sources = [].concat(Array.isArray(custom.sources) ? custom.sources : [],
      Array.isArray(custom.more_sources) ? custom.more_sources : []);
    return {
      notes: strings(custom.notes),
      amountLabel: str(custom.amount_label),
      amount: str(custom.amount),
      amountDetail: str(custom.amount_detail),
      context: str(custom.context),
      rows: rows.filter(function (r) { return r && str(r.label); }).map(function (r) {
        return { label: r.label, amount: str(r.amount), note: str(r.note), total: r.total === true };
      }),
      assumptions: strings(custom.assumptions),
      warnings: strings(custom.warnings),
      sources: sources.filter(function (s) { return s && str(s.name) && safeUrl(s.url); }).map(function (s) {
        return { name: s.name, url: s.url };
      }),
      hint: str(custom.hint)
    };
  }

  function externalLink(url, text) {
    var link = el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: text });
    link.appendChild(el("span", { "class": "kc-sr-only", text: TEXT.newTab }));
    return link;
  }

  function renderCard(card) {
    var parts = [el("span", { "class": "kc-sr-only", text: TEXT.bot })];
    card.notes.forEach(function (note) { parts.push(el("p", { "class": "kc-card-note", text: note })); });
    parts.push(el("p", { "class": "kc-card-head" }, [
      el("span", { "class": "kc-card-label", text: card.amountLabel }),
      el("strong", { "class": "kc-card-amount", text: card.amount }),
      el("span", { "class": "kc-card-detail", text: card.amountDetail })
    ]));
    if (card.context) parts.push(el("p", { "class": "kc-card-context", text: card.context }));
    if (card.rows.length) {
      var body = el("tbody");
      card.rows.forEach(function (row) {
        var label = el("th", { scope: "row", text: row.label });
        if (row.note) label.appendChild(el("span", { "class": "kc-card-rownote", text: row.note }));
        body.appendChild(el("tr", row.total ? { "class": "kc-card-total" } : {}, [
          label, el("td", { text: row.amount })
        ]));
      });
      parts.push(el("table", { "class": "kc-card-table" }, [
        el("caption", { "class": "kc-sr-only", text: TEXT.breakdown }), body
      ]));
    }
    if (card.assumptions.length) {
      parts.push(el("p", { "class": "kc-card-assumptions" }, [
        el("strong", { text: TEXT.assumptions }), document.createTextNode(unbroken(card.assumptions.join(" ; ") + "."))
      ]));
    }
    if (card.warnings.length) {
      var warnings = el("ul", { "class": "kc-card-warnings" });
      card.warnings.forEach(function (warning) {
        warnings.appendChild(el("li", {}, [el("span", { "class": "kc-sr-only", text: TEXT.warning }),
          document.createTextNode(unbroken(warning))]));
      });
      parts.push(warnings);
    }
    if (card.sources.length) {
      var list = el("ul");
      card.sources.forEach(function (source) { list.appendChild(el("li", {}, [externalLink(source.url, source.name)])); });
      parts.push(el("details", { "class": "kc-card-sources" }, [
        el("summary", { text: TEXT.sources + " (" + card.sources.length + ")" }), list
      ]));
    }
    if (card.hint) parts.push(el("p", { "class": "kc-card-hint", text: card.hint }));
    return el("div", { "class": "kc-bubble kc-card" }, parts);
  }

  // ---- the widget ------------------------------------------------------------

  var config = readConfig();
  var state = readStored() || { conversation: newId("c-"), sessionId: null, messages: [], open: false };
  var items = Object.create(null);  // message id -> its element in the log
  var socket = null;
  var joined = null;         // the session this tab's connection last asked for, or was given
  var confirmed = false;     // session_request answered on the current connection
  var offline = false;
  var pending = [];          // texts typed while the connection was down
  var typingTimer = null;
  var noticeTimer = null;

  var launcher = el("button", {
    type: "button", "class": "kc-launcher", "aria-expanded": "false",
    "aria-controls": "kine-chat-panel", "aria-label": TEXT.open + " : " + config.title
  }, [icon(ICON_CHAT), icon(ICON_CLOSE)]);

  var closeButton = el("button", {
    type: "button", "class": "kc-icon-button", "aria-label": TEXT.close, title: TEXT.close
  }, [icon(ICON_CLOSE)]);
  var resetButton = el("button", {
    type: "button", "class": "kc-icon-button", "aria-label": TEXT.reset, title: TEXT.reset
  }, [icon(ICON_RESET)]);

  var log = el("div", {
    "class": "kc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": TEXT.log, tabindex: "0"
  });
  var status = el("div", { "class": "kc-status", role: "status", "aria-live": "polite" });
  var typing = el("div", { "class": "kc-typing", role: "status", hidden: "" }, [
    el("span", { "class": "kc-dots", "aria-hidden": "true" }, [el("span"), el("span"), el("span")]),
    el("span", { "class": "kc-typing-text", text: TEXT.typing })
  ]);
  // No maxlength: a paste would be cut without a word. Over the limit, the widget says so.
  var input = el("input", {
    id: "kine-chat-input", "class": "kc-input", type: "text", autocomplete: "off",
    placeholder: TEXT.placeholder, enterkeyhint: "send", "aria-describedby": "kine-chat-limit"
  });
  var limit = el("p", { id: "kine-chat-limit", "class": "kc-limit", role: "alert" });
  var sendButton = el("button", { type: "submit", "class": "kc-send", "aria-label": TEXT.send, title: TEXT.send },
    [icon(ICON_SEND)]);
  var form = el("form", { "class": "kc-form" }, [
    el("label", { "for": "kine-chat-input", "class": "kc-sr-only", text: TEXT.input }), input, sendButton
  ]);

  var header = el("div", { "class": "kc-header" }, [
    el("div", { "class": "kc-heading" }, [
      el("h2", { id: "kine-chat-title", "class": "kc-title", text: config.title }),
      el("p", { id: "kine-chat-subtitle", "class": "kc-subtitle", text: config.subtitle })
    ]),
    resetButton, closeButton
  ]);

  var panel = el("div", {
    id: "kine-chat-panel", "class": "kc-panel", role: "dialog", "aria-modal": "false",
    "aria-labelledby": "kine-chat-title", "aria-describedby": "kine-chat-subtitle", hidden: ""
  }, [header, status, log, typing, limit, form].concat(
    config.notice ? [el("p", { "class": "kc-notice", text: config.notice })] : []));

  var root = el("div", { id: "kine-chat", "class": "kc-root", lang: "fr", hidden: "" }, [panel, launcher]);
  Object.keys(config.colors).forEach(function (key) {
    root.style.setProperty(COLOR_VARS[key], config.colors[key]);
  });

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  // Appends the message to the log, or inserts it after `after` (an element; null: first).
  function render(message, after) {
    var bubble;
    if (message.card) {
      bubble = renderCard(message.card);
    } else {
      var content = el("span", { "class": "kc-text" });
      appendText(content, message.text, message.from === "bot");
      bubble = el("div", { "class": "kc-bubble" }, [
        el("span", { "class": "kc-sr-only", text: message.from === "user" ? TEXT.you : TEXT.bot }), content
      ]);
    }
    var item = el("div", { "class": "kc-message kc-" + message.from + (message.card ? " kc-has-card" : "") },
      message.text || message.card ? [bubble] : []);
    if (message.buttons.length) {
      var group = el("div", { "class": "kc-choices", role: "group", "aria-label": TEXT.choices });
      message.buttons.forEach(function (button) {
        var choice = el("button", { type: "button", "class": "kc-choice", text: button.title });
        choice.addEventListener("click", function () { send(button.payload, button.title); });
        group.appendChild(choice);
      });
      item.appendChild(group);
    }
    if (after === undefined) log.appendChild(item);
    else log.insertBefore(item, after ? after.nextSibling : log.firstChild);
    items[message.id] = item;
    return item;
  }

  function clearLog() {
    log.textContent = "";
    items = Object.create(null);
    answerStart = null;
  }

  var answerStart = null;    // the first message of the assistant's current answer

  // Shows the answer from its start: to the end when it fits, else from its first line (with
  // the question just above, when short) at the top.
  function showAnswer() {
    if (!answerStart) return scrollDown();
    var anchor = answerStart;
    var question = answerStart.previousElementSibling;
    if (question && question.classList.contains("kc-user") && question.offsetHeight < log.clientHeight / 5) {
      anchor = question;
    }
    var top = anchor.getBoundingClientRect().top - log.getBoundingClientRect().top + log.scrollTop;
    var answerHeight = log.scrollHeight - top;
    if (answerHeight <= log.clientHeight) scrollDown();
    else log.scrollTop = Math.max(0, top - 8);
  }

  function addMessage(message) {
    sync();
    if (items[message.id]) return;  // already shown: another tab stored it
    if (typeof message.at !== "number") message.at = Date.now();  // when this tab showed it first
    state.messages.push(message);
    saveState();
    var item = render(message);
    if (message.from === "user") {
      answerStart = null;
      scrollDown();
    } else {
      if (!answerStart) answerStart = item;
      showAnswer();
    }
  }

  function indexOfId(id) {
    for (var i = 0; i < state.messages.length; i++) if (state.messages[i].id === id) return i;
    return -1;
  }

  // Brings this tab up to date with the stored copy, which the site's other tabs write too:
  // another conversation there replaces this one; in the same one, each message this tab
  // lacks is shown after the one it follows there. True when this tab has messages that the
  // stored copy lacks (to be written back).
  function sync() {
    var stored = readStored();
    if (!stored) return false;  // none (or no storage): what this tab shows stays
    if (stored.conversation !== state.conversation) {
      state = { conversation: stored.conversation, sessionId: stored.sessionId, messages: [], open: state.open };
      clearLog();
      showTyping(false);
    } else if (stored.sessionId && stored.sessionId !== state.sessionId) {
      state.sessionId = stored.sessionId;
    }
    var storedIds = Object.create(null);
    var previous = null;
    var added = false;
    stored.messages.forEach(function (message) {
      storedIds[message.id] = true;
      if (!items[message.id]) {
        var index = previous ? indexOfId(previous) + 1 : 0;
        // The other tab's copy may lag behind this tab's (localStorage reaches each tab's process
        // a little later): what this tab showed earlier than the message stays before it, so that
        // a reply never comes before its question.
        while (typeof message.at === "number" && index < state.messages.length &&
               typeof state.messages[index].at === "number" && state.messages[index].at < message.at) index++;
        state.messages.splice(index, 0, message);
        render(message, index ? items[state.messages[index - 1].id] : null);
        added = true;
      }
      previous = message.id;
    });
    if (added) {
      var last = state.messages[state.messages.length - 1];
      answerStart = null;
      if (last.from === "user") {
        showTyping(true);  // asked in another tab: its answer comes here too
      } else {
        for (var i = state.messages.length - 1; i >= 0 && state.messages[i].from === "bot"; i--) {
          answerStart = items[state.messages[i].id] || answerStart;
        }
        showTyping(false);
      }
    }
    return state.messages.some(function (message) { return !storedIds[message.id]; });
  }

  var retryTimer = null;

  function requestSession() {
    clearTimeout(retryTimer);
    if (!socket || !socket.connected) return;
    confirmed = false;
    joined = state.sessionId;
    // Joins the conversation's room: Rasa sends its replies there.
    socket.emit("session_request", { session_id: joined });
  }

  // Another tab wrote the conversation: shown here too, and this tab's connection follows
  // it to the conversation's session.
  function follow() {
    if (sync()) saveState();
    if (state.sessionId && state.sessionId !== joined) requestSession();
  }

  function setStatus(text, kind) {
    clearTimeout(noticeTimer);
    status.textContent = text;
    status.className = "kc-status" + (kind ? " kc-status-" + kind : "");
    if (kind === "ok") noticeTimer = setTimeout(function () { setStatus(""); }, NOTICE_MS);
  }

  function showTyping(on) {
    clearTimeout(typingTimer);
    typing.hidden = !on;
    if (on) typingTimer = setTimeout(function () { showTyping(false); }, TYPING_TIMEOUT_MS);
    if (answerStart) showAnswer(); else scrollDown();
  }

  // ---- the server (Rasa's socket.io channel) -----------------------------------

  // The server's id of a message (connectors/socketio.py), else one of this tab's own.
  function messageId(data) {
    return data && typeof data.id === "string" && /^[\w-]{1,64}$/.test(data.id) ? "s-" + data.id : newId("b-");
  }

  function fromServer(data, id) {
    if (!data || typeof data !== "object") return null;
    var text = typeof data.text === "string" ? data.text : "";
    var raw = Array.isArray(data.buttons) && data.buttons.length ? data.buttons
      : Array.isArray(data.quick_replies) ? data.quick_replies : [];
    var buttons = raw.filter(function (b) {
      return b && typeof b.title === "string" && typeof b.payload === "string";
    }).map(function (b) { return { title: b.title, payload: b.payload }; });
    var card = readCard(data.custom);
    if (card) return { id: id, from: "bot", text: text, buttons: buttons, card: card };
    return text || buttons.length ? { id: id, from: "bot", text: text, buttons: buttons } : null;
  }

  function flush() {
    if (!socket || !socket.connected || !confirmed) {
      if (pending.length && offline) setStatus(TEXT.offline + " " + TEXT.queued, "error");
      return;
    }
    if (!pending.length) return;
    while (pending.length) {
      socket.emit("user_uttered", { message: pending.shift(), session_id: state.sessionId });
    }
    showTyping(true);
  }

  function wentOffline() {
    confirmed = false;
    showTyping(false);
    if (!offline) {
      offline = true;
      setStatus(pending.length ? TEXT.offline + " " + TEXT.queued : TEXT.offline, "error");
    }
  }

  function connect() {
    if (socket) return;
    // eslint-disable-next-line no-undef -- given by the build (socket.io-client)
    socket = io(config.serverUrl || undefined, {
      path: config.socketPath,
      transports: ["websocket", "polling"],
      tryAllTransports: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10000,
      timeout: 10000
    });
    socket.on("connect", function () {
      sync();
      requestSession();
    });
    socket.on("session_confirm", function (id) {
      if (id && typeof id === "object") id = id.session_id;
      sync();
      if (state.sessionId && state.sessionId !== joined) {
        requestSession();  // another tab has meanwhile stored the conversation's session
        return;
      }
      if (typeof id === "string" && id) {
        state.sessionId = joined = id;
        saveState();
      }
      confirmed = true;
      if (offline) {
        offline = false;
        setStatus(TEXT.back, "ok");
      }
      flush();
    });
    socket.on("bot_uttered", function (data) {
      // A message before the conversation is confirmed is the server refusing a new one for now
      // (« Trop de messages… »): shown, then asked again; what the user typed waits, it is not lost.
      if (!confirmed) retryTimer = setTimeout(requestSession, SESSION_RETRY_MS);
      var id = messageId(data);
      if (items[id]) return;  // shown already: another tab of this conversation stored it
      if (data && data.custom && data.custom.type === "kine_forget") forgetHere(id);
      var message = fromServer(data, id);
      if (!message) return;
      showTyping(false);
      addMessage(message);
    });
    socket.on("connect_error", wentOffline);
    socket.on("disconnect", function (reason) {
      if (reason === "io client disconnect") return;
      wentOffline();
      if (reason === "io server disconnect") socket.connect();  // not retried by socket.io itself
    });
  }

  function thousands(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }

  // Says so under the input when the message is over the server's limit; true when it is.
  function checkLength() {
    var length = input.value.trim().length;
    var over = length > MAX_CHARS;
    limit.textContent = over ? TEXT.tooLong.replace("{length}", thousands(length)).replace("{limit}", thousands(MAX_CHARS)) : "";
    if (over) input.setAttribute("aria-invalid", "true"); else input.removeAttribute("aria-invalid");
    return over;
  }

  function send(text, shown) {
    text = text.trim();
    if (!text) return;
    addMessage({ id: newId("u-"), from: "user", text: shown || text, buttons: [] });
    pending.push(text.slice(0, MAX_CHARS));
    connect();
    flush();
  }

  // ---- opening and closing -------------------------------------------------------

  function open(focus) {
    panel.hidden = false;
    root.classList.add("kc-is-open");
    launcher.setAttribute("aria-expanded", "true");
    launcher.setAttribute("aria-label", TEXT.close);
    state.open = true;
    sync();
    if (!state.messages.length && config.greeting) {
      addMessage({ id: "greeting", from: "bot", text: config.greeting, buttons: [], at: 0 });
    }
    saveState();
    connect();
    scrollDown();
    if (focus !== false) input.focus();
  }

  function close() {
    panel.hidden = true;
    root.classList.remove("kc-is-open");
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-label", TEXT.open + " : " + config.title);
    sync();
    state.open = false;
    saveState();
    launcher.focus();
  }

  // « oublie notre conversation »: the server has erased it; the browser's copy goes too
  // (history on screen and in storage, and the conversation id: the next page starts afresh),
  // in every tab: the next conversation is named after the reply, the same in each.
  function forgetHere(id) {
    state = { conversation: "forgotten-" + id, sessionId: null, messages: [], open: state.open };
    clearLog();
    saveState();
  }

  function reset() {
    if (!window.confirm(TEXT.resetConfirm)) return;
    state = { conversation: newId("c-"), sessionId: null, messages: [], open: true };
    pending = [];
    clearLog();
    showTyping(false);
    saveState();  // the other tabs follow
    if (socket) {  // a new connection asks for a new session
      socket.disconnect();
      socket.connect();
    }
    open();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) open(); else close();
  });
  closeButton.addEventListener("click", close);
  resetButton.addEventListener("click", reset);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  });
  input.addEventListener("input", checkLength);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (checkLength()) return;  // kept in the box, to be shortened
    var text = input.value;
    input.value = "";
    send(text);
    input.focus();
  });

  state.messages.forEach(function (message) { render(message); });
  window.addEventListener("storage", function (event) {
    if (event.key === STORAGE_KEY) follow();
  });

  function mount() {
    document.body.appendChild(root);
    if (state.open) open(false);
    window.KineChatWidget = { open: open, close: close };
  }

  function show() {
    root.hidden = false;
    scrollDown();
  }

  // Shown once its stylesheet is there, so that it never flashes unstyled.
  if (config.stylesheet) {
    var sheet = el("link", { rel: "stylesheet", href: config.stylesheet });
    sheet.addEventListener("load", show);
    sheet.addEventListener("error", show);
    document.head.appendChild(sheet);
  } else {
    show();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
