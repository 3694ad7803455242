// The console's admin pages: what crud-api manages for a tenant, for its admins. Each change is
// one REST call; those that replace a versioned resource send the ETag they read (If-Match), so a
// change someone made meanwhile is refused and read again rather than overwritten.
import { api } from './api.js';
import { element } from './dom.js';

const MODULES = [
  ['chat', 'Live chat: the widget, the console\'s conversations and /ws. Off: visitors and agents get 403 module-disabled.'],
  ['voice', 'Phone and browser calls. Off: calls are refused and the voice endpoints close.'],
  ['ai', 'The AI agent and agent assist. Off: the bot is silent and the assist panel is gone.'],
  ['tickets', 'Tickets. Off: the ticket API answers 403 and the console offers no ticket.'],
];

/** A form of labelled inputs; `fields` are [name, label, type or options]. */
const form = (title, fields, submit) => {
  const inputs = fields.map(([name, label, type]) => {
    const input = Array.isArray(type)
      ? element('select', { name }, ...type.map((option) => element('option', { text: option })))
      : type === 'checkbox'
        ? element('input', { name, type: 'checkbox' })
        : type === 'textarea'
          ? element('textarea', { name, required: '' })
          : element('input', { name, required: '' });
    return element('label', {}, label, input);
  });
  const node = element('form', { class: 'admin-form', 'aria-label': title }, ...inputs, element('button', { type: 'submit', class: 'primary', text: title }));
  node.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = Object.fromEntries(fields.map(([name, , type]) => [name, type === 'checkbox' ? node.elements[name].checked : node.elements[name].value.trim()]));
    if (await submit(data)) {
      node.reset();
    }
  });
  return node;
};

export class AdminPages {
  constructor(token, root, notice) {
    this.token = token;
    this.root = root;
    this.notice = notice;
  }

  async call(method, path, body, headers) {
    try {
      return await api(this.token, method, path, body, headers);
    } catch (error) {
      this.notice(error.message);
      throw error;
    }
  }

  /** A change to a versioned resource: read its ETag, then send the change with it. */
  async patch(path, change) {
    const { etag } = await this.call('GET', path);
    return this.call('PATCH', path, change, { 'If-Match': etag });
  }

  async show() {
    const sections = [
      ['Modules', () => this.modules()],
      ['Inboxes and members', () => this.inboxes()],
      ['Users', () => this.users()],
      ['Teams', () => this.teams()],
      ['Canned responses', () => this.canned()],
      ['Knowledge base', () => this.articles()],
    ];
    this.root.replaceChildren();
    for (const [title, render] of sections) {
      const body = element('div', { class: 'admin-body' });
      const id = `admin-${title.toLowerCase().replace(/\W+/g, '-')}`;
      this.root.append(element('section', { class: 'admin-section', 'aria-labelledby': id }, element('h2', { id, text: title }), body));
      try {
        body.append(...(await render()));
      } catch (error) {
        body.append(element('p', { class: 'error', text: error.message }));
      }
    }
  }

  async modules() {
    const { json } = await this.call('GET', '/api/v1/tenant');
    return [
      element('p', { class: 'meta', text: `Tenant ${json.name}` }),
      ...MODULES.map(([module, effect]) =>
        element(
          'label',
          { class: 'switch' },
          element('input', {
            type: 'checkbox',
            name: `module-${module}`,
            ...(json.modules.includes(module) ? { checked: '' } : {}),
            onchange: async (e) => {
              const current = (await this.call('GET', '/api/v1/tenant')).json.modules;
              const modules = e.target.checked ? [...new Set([...current, module])] : current.filter((m) => m !== module);
              await this.patch('/api/v1/tenant', { modules });
              this.notice(`${module} switched ${e.target.checked ? 'on' : 'off'}`, true);
            },
          }),
          element('span', {}, element('strong', { text: module }), ` — ${effect}`),
        ),
      ),
    ];
  }

  async inboxes() {
    const [{ json: inboxes }, { json: users }] = await Promise.all([
      this.call('GET', '/api/v1/inboxes'),
      this.call('GET', '/api/v1/users?limit=200'),
    ]);
    const rows = await Promise.all(
      inboxes.items.map(async (inbox) => {
        const members = (await this.call('GET', `/api/v1/inboxes/${inbox.id}/members`)).json.items;
        const memberIds = new Set(members.map((m) => m.id));
        const add = element('select', { 'aria-label': `Add a member to ${inbox.name}` }, element('option', { value: '', text: 'Add member…' }),
          ...users.items.filter((u) => !memberIds.has(u.id)).map((u) => element('option', { value: u.id, text: `${u.name} (${u.external_id})` })));
        add.addEventListener('change', async () => {
          if (add.value) {
            await this.call('PUT', `/api/v1/inboxes/${inbox.id}/members/${add.value}`);
            this.show();
          }
        });
        return element(
          'li',
          { class: 'admin-row', 'data-inbox': inbox.id },
          element('strong', { text: `${inbox.name}` }),
          element('span', { class: 'meta', text: inbox.channel }),
          element(
            'label',
            { class: 'inline' },
            element('input', {
              type: 'checkbox',
              ...(inbox.bot_enabled ? { checked: '' } : {}),
              'aria-label': `AI agent answers in ${inbox.name}`,
              onchange: async (e) => {
                await this.patch(`/api/v1/inboxes/${inbox.id}`, { bot_enabled: e.target.checked });
                this.notice(`AI agent ${e.target.checked ? 'on' : 'off'} in ${inbox.name}`, true);
              },
            }),
            'AI agent answers',
          ),
          element('span', { class: 'members', text: members.length ? `Members: ${members.map((m) => m.name).join(', ')}` : 'No members' }),
          ...members.map((m) =>
            element('button', {
              type: 'button',
              text: `Remove ${m.name}`,
              onclick: async () => {
                await this.call('DELETE', `/api/v1/inboxes/${inbox.id}/members/${m.id}`);
                this.show();
              },
            }),
          ),
          add,
        );
      }),
    );
    return [
      element('ul', { class: 'admin-list' }, ...rows),
      form('Create inbox', [['name', 'Name', 'text'], ['channel', 'Channel', ['chat', 'voice']], ['bot_enabled', 'AI agent answers', 'checkbox']], async (data) => {
        await this.call('POST', '/api/v1/inboxes', data);
        this.show();
        return true;
      }),
    ];
  }

  async users() {
    const { json } = await this.call('GET', '/api/v1/users?limit=200');
    return [
      element('ul', { class: 'admin-list' }, ...json.items.map((u) => element('li', { class: 'admin-row' }, element('strong', { text: u.name }), element('span', { class: 'meta', text: `${u.external_id} · ${u.role} · ${u.availability}` }),
        element('select', { 'aria-label': `Role of ${u.name}`, onchange: async (e) => {
          await this.patch(`/api/v1/users/${u.id}`, { role: e.target.value });
          this.notice(`${u.name} is now ${e.target.value}`, true);
        } }, ...['agent', 'supervisor', 'admin'].map((role) => element('option', { text: role, ...(role === u.role ? { selected: '' } : {}) })))))),
      form('Add user', [['external_id', 'Sign-in name (token sub)', 'text'], ['name', 'Name', 'text'], ['role', 'Role', ['agent', 'supervisor', 'admin']]], async (data) => {
        await this.call('POST', '/api/v1/users', data);
        this.show();
        return true;
      }),
    ];
  }

  async teams() {
    const { json } = await this.call('GET', '/api/v1/teams?limit=100');
    return [
      element('ul', { class: 'admin-list' }, ...json.items.map((t) => element('li', { class: 'admin-row' }, element('strong', { text: t.name }),
        element('button', { type: 'button', text: `Delete ${t.name}`, onclick: async () => {
          await this.call('DELETE', `/api/v1/teams/${t.id}`);
          this.show();
        } })))),
      form('Create team', [['name', 'Team name', 'text']], async (data) => {
        await this.call('POST', '/api/v1/teams', data);
        this.show();
        return true;
      }),
    ];
  }

  async canned() {
    const { json } = await this.call('GET', '/api/v1/canned-responses?limit=100');
    return [
      element('ul', { class: 'admin-list' }, ...json.items.map((c) => element('li', { class: 'admin-row' }, element('strong', { text: `/${c.short_code}` }), element('span', { text: c.content }),
        element('button', { type: 'button', text: `Delete /${c.short_code}`, onclick: async () => {
          await this.call('DELETE', `/api/v1/canned-responses/${c.id}`);
          this.show();
        } })))),
      form('Add canned response', [['short_code', 'Short code', 'text'], ['content', 'Text', 'textarea']], async (data) => {
        await this.call('POST', '/api/v1/canned-responses', data);
        this.show();
        return true;
      }),
    ];
  }

  async articles() {
    const { json } = await this.call('GET', '/api/v1/kb-articles?limit=100');
    return [
      element('ul', { class: 'admin-list' }, ...json.items.map((a) => element('li', { class: 'admin-row' }, element('strong', { text: a.title }),
        element('label', { class: 'inline' }, element('input', { type: 'checkbox', 'aria-label': `${a.title} published`, ...(a.published ? { checked: '' } : {}), onchange: async (e) => {
          await this.patch(`/api/v1/kb-articles/${a.id}`, { published: e.target.checked });
          this.notice(`${a.title} ${e.target.checked ? 'published' : 'unpublished'}`, true);
        } }), 'Published'),
        element('button', { type: 'button', text: `Delete ${a.title}`, onclick: async () => {
          await this.call('DELETE', `/api/v1/kb-articles/${a.id}`);
          this.show();
        } })))),
      form('Add article', [['title', 'Title', 'text'], ['body', 'Body', 'textarea'], ['published', 'Published', 'checkbox']], async (data) => {
        await this.call('POST', '/api/v1/kb-articles', data);
        this.show();
        return true;
      }),
    ];
  }
}
