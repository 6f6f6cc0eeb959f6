extension ConsolePages {
    static let layout = """
    <!DOCTYPE html>
    <html lang="{{lang}}">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{t.title}} · {{page}}</title>
    <link rel="stylesheet" href="/console.css">
    <script src="/console.js" defer></script>
    </head>
    <body>
    <header>
      <h1>{{t.title}}</h1>
      {{#session}}
      <nav><a href="/" id="nav-map">{{t.map}}</a> <a href="/cases" id="nav-cases">{{t.cases}}</a> <a href="/overdue" id="nav-overdue">{{t.overdue}}</a> <a href="/mediation" id="nav-mediation">{{t.mediation}}</a> <a href="/deliberation" id="nav-deliberation">{{t.deliberation}}</a> <a href="/devices" id="nav-devices">{{t.devices}}</a> <a href="/evaluation" id="nav-evaluation">{{t.evaluation}}</a></nav>
      <span class="who">{{t.signedInAs}} <b id="identity">{{identity}}</b>{{#account}} <a id="account" href="/password">{{account}}</a>{{/account}}</span>
      <span id="live" class="live">● {{t.live}}</span>
      <form method="post" action="/signout" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><button>{{t.signOut}}</button></form>
      {{/session}}
      <a class="lang" id="lang" href="?lang={{t.otherCode}}">{{t.otherLanguage}}</a>
    </header>
    {{#answer}}<p class="answer {{#ok}}ok{{/ok}}{{^ok}}error{{/ok}}" id="answer">{{text}}</p>{{/answer}}
    <main id="main" data-live="{{live}}" data-src="{{page}}" data-poll="{{poll}}">{{{main}}}</main>
    </body>
    </html>
    """

    static let map = """
    <h2>{{t.map}} <small>{{totalOpen}} {{t.openCases}}</small></h2>
    <svg id="map" viewBox="-10 -10 {{width}} {{height}}" role="img" aria-label="{{t.map}}">
    {{{grids}}}
    </svg>
    <ul class="legend"><li class="shade-none">0</li><li class="shade-green">{{t.green}}</li><li class="shade-yellow">{{t.yellow}}</li><li class="shade-red">{{t.red}}</li><li class="marker-alarm">● {{t.markerAlarm}}</li><li class="marker-welfare">● {{t.markerWelfare}}</li><li class="marker-maintenance">● {{t.markerMaintenance}}</li></ul>
    """

    static let cases = """
    <h2>{{t.cases}} <small id="count">{{count}}</small></h2>
    <form method="get" action="/cases" class="filters">
      <label>{{t.area}} <input name="area" value="{{filter.area}}" size="6"></label>
      <label>{{t.category}} <select name="category"><option value="">{{t.all}}</option>{{#categories}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/categories}}</select></label>
      <label>{{t.department}} <select name="department"><option value="">{{t.all}}</option>{{#departments}}<option value="{{code}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/departments}}</select></label>
      <label>{{t.level}} <select name="level"><option value="">{{t.all}}</option>{{#levels}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/levels}}</select></label>
      <label>{{t.light}} <select name="light"><option value="">{{t.all}}</option>{{#lights}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/lights}}</select></label>
      <label>{{t.status}} <select name="status"><option value="">{{t.all}}</option>{{#statuses}}<option{{#selected}} selected{{/selected}}>{{value}}</option>{{/statuses}}</select></label>
      <label><input type="checkbox" name="open" value="all"{{#filter.all}} checked{{/filter.all}}> {{t.includeClosed}}</label>
      <button>{{t.filter}}</button>
    </form>
    {{#error}}<p class="error" id="error">{{t.badFilter}}: {{error}}</p>{{/error}}
    <table id="cases">
      <thead><tr><th>{{t.case}}</th><th>{{t.category}}</th><th>{{t.grid}}</th><th>{{t.level}}</th><th>{{t.status}}</th><th>{{t.light}}</th><th>{{t.updated}}</th></tr></thead>
      <tbody>
      {{#rows}}
      <tr data-case="{{caseID}}" class="light-{{light}}"><td><a href="/cases/{{caseID}}">{{caseID}}</a></td><td>{{categoryName}}</td><td>{{grid}}</td><td>{{level}}</td><td>{{status}}</td><td><span class="dot shade-{{light}}"></span> {{lightLabel}}</td><td>{{updated}}</td></tr>
      {{/rows}}
      </tbody>
    </table>
    {{^rows}}<p id="empty">{{t.noCases}}</p>{{/rows}}
    """

    static let casePage = """
    <h2>{{t.case}} <span id="case-id">{{caseID}}</span> <span class="dot shade-{{light}}"></span></h2>
    <dl class="facts">
      <dt>{{t.category}}</dt><dd>{{categoryName}}</dd>
      <dt>{{t.grid}}</dt><dd>{{grid}} · {{community}} · {{street}}</dd>
      <dt>{{t.level}}</dt><dd id="level">{{level}}</dd>
      <dt>{{t.status}}</dt><dd id="status">{{status}}</dd>
      <dt>{{t.light}}</dt><dd>{{lightLabel}}</dd>
      <dt>{{t.holders}}</dt><dd>{{holders}}</dd>
      <dt>{{t.reported}}</dt><dd>{{reported}}</dd>
      <dt>{{t.description}}</dt><dd>{{description}}</dd>
    </dl>
    <h3>{{t.timeline}}</h3>
    <table id="timeline">
      <thead><tr><th>{{t.at}}</th><th>{{t.action}}</th><th>{{t.status}}</th><th>{{t.by}}</th><th>{{t.note}}</th></tr></thead>
      <tbody>{{#steps}}<tr><td>{{at}}</td><td>{{action}}</td><td>{{status}}</td><td>{{by}}</td><td>{{note}}</td></tr>{{/steps}}</tbody>
    </table>
    {{#hasTasks}}
    <h3>{{t.tasks}}</h3>
    <table id="tasks">
      <thead><tr><th>{{t.task}}</th><th>{{t.holders}}</th><th>{{t.role}}</th><th>{{t.state}}</th><th>{{t.light}}</th><th>{{t.handleBy}}</th><th>{{t.supervision}}</th><th></th></tr></thead>
      <tbody>{{#tasks}}<tr data-task="{{task}}" class="light-{{light}}"><td>{{task}}</td><td>{{department}}</td><td>{{role}}</td><td>{{state}}</td><td><span class="dot shade-{{light}}"></span> {{lightLabel}}</td><td>{{handleBy}}</td><td>{{order}} {{orderState}}</td>
        <td>{{#act}}<form method="post" action="/tasks/{{task}}/act" class="inline task-act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="order" value="{{order}}"><select name="action">{{#actions}}<option value="{{value}}">{{label}}</option>{{/actions}}</select><input name="note" placeholder="{{t.note}}" size="12"><button class="act-task">{{t.send}}</button></form>{{/act}}</td></tr>{{/tasks}}</tbody>
    </table>
    {{/hasTasks}}
    {{#actions}}
    <h3>{{t.actions}}</h3>
    <div id="actions" class="actions">
      {{#whistle}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="whistle"><button id="act-whistle">{{t.whistle}}</button></form>{{/whistle}}
      {{#resolve}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="resolve"><input name="note" placeholder="{{t.note}}"><button id="act-resolve">{{t.resolve}}</button></form>{{/resolve}}
      {{#escalate}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="escalate"><input name="reason" placeholder="{{t.reason}}" required><button id="act-escalate">{{t.escalate}}</button></form>{{/escalate}}
      {{#summon}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="summon"><select name="department">{{#departments}}<option value="{{code}}">{{name}}</option>{{/departments}}</select><button id="act-summon">{{t.summon}}</button></form>{{/summon}}
      {{#supervise}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="supervise"><select name="task">{{#tasks}}<option value="{{task}}">{{task}} ({{department}})</option>{{/tasks}}</select><input name="opinion" placeholder="{{t.opinion}}" required><input name="within" placeholder="4wh" size="5"><button id="act-supervise">{{t.supervise}}</button></form>{{/supervise}}
      {{#reassign}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="reassign"><select name="task">{{#departmentTasks}}<option value="{{task}}">{{task}} ({{department}})</option>{{/departmentTasks}}</select> → <select name="department">{{#departments}}<option value="{{code}}">{{name}}</option>{{/departments}}</select><input name="note" placeholder="{{t.note}}"><button id="act-reassign">{{t.reassign}}</button></form>{{/reassign}}
      {{#triage}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="triage"><select name="task">{{#returned}}<option value="{{task}}">{{task}} ({{department}})</option>{{/returned}}</select><select name="decision"><option value="accept">accept</option><option value="reassign">reassign</option><option value="send-back">send-back</option></select><select name="department"><option value=""></option>{{#departments}}<option value="{{code}}">{{name}}</option>{{/departments}}</select><input name="opinion" placeholder="{{t.opinion}}"><button id="act-triage">{{t.triage}}</button></form>{{/triage}}
      {{#verify}}<form method="post" action="/cases/{{caseID}}/act"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="verify"><select name="outcome"><option value="fixed">fixed</option><option value="unfixable">unfixable</option><option value="invalid">invalid</option></select><input name="reason" placeholder="{{t.reason}}"><button id="act-verify">{{t.verify}}</button></form>{{/verify}}
    </div>
    {{/actions}}
    {{#hasAudit}}
    <h3>{{t.audit}}</h3>
    <table id="audit"><tbody>{{#audit}}<tr><td>{{at}}</td><td>{{identity}}{{#account}} ({{account}}){{/account}}</td><td>{{action}}</td><td>{{status}}</td><td>{{error}} {{message}}</td></tr>{{/audit}}</tbody></table>
    {{/hasAudit}}
    """

    static let overdue = """
    <h2>{{t.overdue}} <small id="count">{{count}}</small></h2>
    <table id="late">
      <thead><tr><th>{{t.case}}</th><th>{{t.task}}</th><th>{{t.holders}}</th><th>{{t.grid}}</th><th>{{t.light}}</th><th>{{t.state}}</th><th>{{t.handleBy}}</th><th>{{t.supervision}}</th><th></th></tr></thead>
      <tbody>
      {{#tasks}}
      <tr data-task="{{task}}" class="light-{{light}}"><td><a href="/cases/{{caseID}}">{{caseID}}</a></td><td>{{task}}</td><td>{{department}}</td><td>{{grid}}</td>
        <td><span class="dot shade-{{light}}"></span> {{lightLabel}}</td><td>{{state}}</td><td>{{handleBy}}</td><td>{{order}} {{orderState}}</td>
        <td>{{#supervise}}<form method="post" action="/cases/{{caseID}}/act" class="inline"><input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="command" value="{{command}}"><input type="hidden" name="action" value="supervise"><input type="hidden" name="task" value="{{task}}"><input name="opinion" value="{{t.defaultOpinion}}" size="10"><button class="supervise">{{t.supervise}}</button></form>{{/supervise}}</td></tr>
      {{/tasks}}
      </tbody>
    </table>
    {{^tasks}}<p id="empty">{{t.nothingLate}}</p>{{/tasks}}
    """

    static let signIn = """
    <h2>{{t.signIn}}</h2>
    {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
    <form method="post" action="/signin" class="signin">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <input type="hidden" name="next" value="{{next}}">
      <label>{{t.accountName}} <input name="account" autocomplete="username" autocapitalize="none"></label>
      <label>{{t.password}} <input name="password" type="password" autocomplete="current-password"></label>
      {{#keys}}<label>{{t.orKey}} <input name="key" type="password" autocomplete="off"></label>{{/keys}}
      {{^keys}}<label>{{t.orIdentity}} <input name="identity"></label>{{/keys}}
      <button id="signin">{{t.signIn}}</button>
    </form>
    """

    static let password = """
    <h2>{{t.changePassword}}</h2>
    {{#error}}<p class="error" id="error">{{error}}</p>{{/error}}
    <form method="post" action="/password" class="signin">
      <input type="hidden" name="csrf" value="{{csrf}}">
      <label>{{t.currentPassword}} <input name="current" type="password" autocomplete="current-password" required></label>
      <label>{{t.newPassword}} <input name="new" type="password" autocomplete="new-password" minlength="12" required></label>
      <button id="change">{{t.changePassword}}</button>
    </form>
    """

    static let problem = """
    <h2>{{heading}}</h2>
    <p class="error" id="error">{{message}}</p>
    """
}
