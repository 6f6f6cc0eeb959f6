extension AgreementDocument {
    /// The document's template: A4 pages, one per copy, printed without the browser's margins.
    static let source = """
    <!DOCTYPE html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <title>人民调解协议书 {{mediation}}</title>
    <style>
      @page { size: A4; margin: 20mm 18mm; }
      body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "SimSun", serif; font-size: 11pt; line-height: 1.55; color: #000; }
      .copy { page-break-after: always; break-after: page; max-width: 174mm; margin: 0 auto; position: relative; }
      .copy:last-child { page-break-after: auto; break-after: auto; }
      h1 { text-align: center; font-size: 18pt; letter-spacing: 0.3em; margin: 0 0 1mm; }
      .number, .holder { text-align: right; font-size: 10pt; }
      .draft { position: absolute; top: 40mm; left: 0; right: 0; text-align: center; font-size: 48pt; color: rgba(200, 0, 0, 0.25); transform: rotate(-20deg); }
      table { width: 100%; border-collapse: collapse; margin: 3mm 0; }
      th, td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
      h2 { font-size: 12pt; margin: 3mm 0 0.5mm; }
      p { margin: 0 0 1.5mm; white-space: pre-wrap; }
      .signatures td { height: 11mm; }
      .seal { margin-top: 4mm; text-align: right; }
      .notice { font-size: 9.5pt; margin-top: 3mm; }
      @media screen { body { background: #eee; } .copy { background: #fff; padding: 20mm 18mm; margin: 8mm auto; width: 174mm; } }
    </style>
    </head>
    <body>
    {{#copies}}
    <section class="copy">
      {{#draft}}<div class="draft">草稿 · 未生效</div>{{/draft}}
      <div class="holder">{{holder}}</div>
      <h1>人民调解协议书</h1>
      <div class="number">编号 {{mediation}}（案件 {{case}}）</div>
      <h2>当事人</h2>
      <table>
        <tr><th>编号</th><th>姓名</th><th>身份</th><th>联系方式</th><th>住址</th></tr>
        {{#parties}}<tr><td>{{id}}</td><td>{{name}}</td><td>{{side}}</td><td>{{contact}}</td><td>{{address}}</td></tr>{{/parties}}
      </table>
      <h2>纠纷主要事实</h2><p>{{facts}}</p>
      <h2>争议事项</h2><p>{{matters}}</p>
      <h2>各方当事人的责任</h2><p>{{responsibilities}}</p>
      <h2>经调解，自愿达成如下协议</h2><p>{{terms}}</p>
      <h2>履行方式、地点、期限</h2>
      <p>方式：{{way}}　地点：{{place}}　期限：{{by}} 前履行完毕</p>
      <p class="notice">本协议自各方当事人签名、人民调解员签名并加盖人民调解委员会印章之日起生效，一式 {{copyCount}} 份，当事人各执一份，人民调解委员会留存一份。当事人应当按照约定履行。双方当事人可以自本协议生效之日起三十日内共同向人民法院申请司法确认{{#hasWindow}}（至 {{windowCloses}}）{{/hasWindow}}。{{confirmation}}</p>
      <table class="signatures">
        <tr><th>当事人</th><th>签名（盖章或按指印）</th><th>时间</th></tr>
        {{#parties}}<tr><td>{{name}}（{{side}}）</td><td>{{#refused}}拒绝调解{{/refused}}{{^refused}}{{#isSigned}}已签名{{/isSigned}}{{/refused}}</td><td>{{signed}}</td></tr>{{/parties}}
        <tr><td>人民调解员</td><td>{{mediator}}{{^draft}}（已签名）{{/draft}}</td><td>{{sealed}}</td></tr>
      </table>
      <div class="seal">{{committee}}（印）{{^draft}}<br>{{sealed}}{{/draft}}</div>
      <p class="notice">起草于 {{drafted}}</p>
    </section>
    {{/copies}}
    </body>
    </html>
    """
}
