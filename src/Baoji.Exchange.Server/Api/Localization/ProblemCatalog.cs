using System.Globalization;
using System.Text.RegularExpressions;

namespace Baoji.Exchange.Server.Api.Localization;

/// <summary>A message as a client reads it: its stable code and its text in the language asked for.</summary>
public readonly record struct ProblemText(string Code, string Text);

/// <summary>
/// Every message the API's rules produce, each with a stable code and its zh-CN text. The rules (RecordRules,
/// RecordDecisions, RecordRequests, the ledger service and the endpoints) keep writing English; this catalog
/// translates at the edge, once, for the problem+json writer (<see cref="ProblemLocalizer"/>), the pages and the
/// import preview. Templates read "{name}": a placeholder whose name starts with "field" is a request field and is
/// shown by its Chinese name, one starting with "value" an API value (a list of them when "values"), "kind" an
/// organisation kind, the rest as sent.
/// Codes are dotted lower case and never change meaning once published; a message not listed keeps its English
/// text under <see cref="UnknownCode"/> (the unit test ProblemCatalogTests keeps that from happening to the rules).
/// </summary>
public static partial class ProblemCatalog
{
    public const string UnknownCode = "request.invalid";

    private static readonly Entry[] Entries =
    [
        // Field rules (RecordRequests, RecordRules).
        new("field.required", "{field} is required.", "请填写{field}。"),
        new("field.date-required", "{field} is required (yyyy-MM-dd).", "请填写{field}（格式 yyyy-MM-dd）。"),
        new("field.organization-required", "{field} is required: a registered organisation id.", "请填写{field}：已登记单位的代码。"),
        new("field.enum", "{field} must be one of: {values}.", "{field}须为以下之一：{values}。"),
        new("field.number-range", "{field} must be between {min} and {max}.", "{field}须在 {min} 到 {max} 之间。"),
        new("field.date-range", "{field} must lie between {min} and {max}.", "{field}须在 {min} 至 {max} 之间。"),
        new("field.date-order", "{field} must not be before {fieldOther}.", "{field}不能早于{fieldOther}。"),
        new("text.too-long", "{field} is at most {max} characters.", "{field}最多 {max} 个字符。"),
        new("text.control-character", "{field} must not contain control characters other than line breaks and tabs (U+{cp} at position {pos}).",
            "{field}不能包含换行和制表符以外的控制字符（第 {pos} 个字符 U+{cp}）。"),
        new("text.single-line", "{field} is one line: no line breaks, tabs or other control characters (U+{cp} at position {pos}).",
            "{field}只能写一行：不能有换行、制表符或其他控制字符（第 {pos} 个字符 U+{cp}）。"),
        new("text.bidi", "{field} must not contain bidirectional formatting characters (U+{cp} at position {pos}), which change the order a reader sees.",
            "{field}不能包含双向格式字符（第 {pos} 个字符 U+{cp}），这类字符会改变文字的显示顺序。"),
        new("text.broken-surrogate", "{field} is not valid Unicode text (a broken surrogate pair at position {pos}).",
            "{field}不是有效的 Unicode 文本（第 {pos} 个字符处代理对不完整）。"),
        new("text.resident-id", "{field} must not contain a resident ID number (身份证号).", "{field}不能包含身份证号。"),
        new("person.resident-id", "personRef looks like a resident ID number (身份证号); use the home organisation's own staff reference instead.",
            "人员编号看起来是身份证号；请改用派出单位自己的人员编号。"),
        new("person.reference", "personRef must be 1–40 letters, digits or dashes (the home organisation's reference).",
            "人员编号为 1–40 个字母、数字或连字符（派出单位自己的编号）。"),
        new("visit.same-party", "A visit goes from one organisation to another.", "出访单位与接待单位不能是同一单位。"),
        new("staff.same-party", "The host organisation differs from the home organisation.", "接收单位须与派出单位不同。"),
        new("training.subject-count", "At most 20 subjects.", "培训科目最多 20 个。"),
        new("training.subject-length", "Each subject is 1–30 characters.", "每个培训科目为 1–30 个字符。"),
        new("training.subject-repeated", "Subjects are listed once each.", "培训科目不能重复。"),
        new("training.equipment-value-missing", "Equipment support states its value in yuan.", "设备援建须填写设备价值（元）。"),
        new("training.equipment-value-not-equipment", "Only equipment support has a value in yuan.", "只有设备援建填写设备价值（元）。"),
        new("training.research-online", "Online joint teaching-research is online.", "线上教研的方式须为线上。"),
        new("training.same-party", "Provider and recipient differ.", "帮扶单位与受援单位须不同。"),
        new("agreement.parties", "partyIds names exactly two registered organisations.", "协议双方须为两个已登记的单位。"),
        new("agreement.same-party", "An agreement has exactly two different parties.", "协议须有两个不同的单位。"),

        // Registry and access rules of a new record (LedgerService).
        new("registry.organization-unknown", "No organisation {value} is registered.", "单位 {value} 未登记。"),
        new("record.same-province", "A record has one party in Shaanxi and one in Jiangsu; both named parties are on the same side.",
            "记录的双方须一方在陕西、一方在江苏；所填两个单位在同一侧。"),
        new("visit.school-level", "A school-level visit is between two schools.", "结对学校领导互访须在两所学校之间。"),
        new("visit.bureau-level", "A bureau-level visit is between two education bureaus (city or county).", "县区教育部门领导互访须在两个教育局（市或县区）之间。"),
        new("record.logged-by-required", "The administrator names the organisation it logs for in loggedBy.", "管理员须在登记单位（loggedBy）中写明代哪个单位登记。"),
        new("record.caller-not-party", "This token acts for {value}, which is neither a party of the record nor a bureau above one.",
            "本账号代表 {value}，它既不是记录的一方，也不是其上级教育局。"),
        new("record.logged-by-not-party", "loggedBy must be a party of the record or a bureau above one.", "登记单位须是记录的一方或其上级教育局。"),
        new("access.log-for", "This token may not log records for {value}.", "本账号不能为 {value} 登记记录。"),
        new("idempotency.body-differs", "This Idempotency-Key was used with a different body.", "此幂等键（Idempotency-Key）已用于内容不同的请求。"),
        new("idempotency.key-shape", "{name} is 1–{max} characters: letters, digits, '.', '_' and '-', sent once.",
            "幂等键（{name}）为 1–{max} 个字母、数字、“.”、“_”或“-”，且只能发送一次。"),

        // Reading and answering a record (LedgerService, RecordDecisions, RecordGrain).
        new("record.not-found", "No {value} record {id}.", "未找到{value}记录 {id}。"),
        new("record.not-found", "No record {id}.", "未找到记录 {id}。"),
        new("record.not-found", "No such record.", "未找到该记录。"),
        new("record.exists", "Record {id} already exists.", "记录 {id} 已存在。"),
        new("access.read-record", "This token may not read this record.", "本账号无权查看此记录。"),
        new("access.record-command", "This token may not call {name} on this record.", "本账号无权对此记录执行 {name}。"),
        new("access.merge-record", "This token may not merge record {id}.", "本账号无权合并记录 {id}。"),
        new("record.withdraw-side", "Only the side that logged the record ({value}) withdraws it.", "只有登记此记录的一方（{value}）可以撤回。"),
        new("record.confirm-side", "This record waits for the {value} side: only that side confirms it.", "此记录等待{value}一方答复：只有该方可以确认。"),
        new("record.dispute-side", "This record waits for the {value} side: only that side disputes it.", "此记录等待{value}一方答复：只有该方可以提出异议。"),
        new("record.already-confirmed", "The record is already confirmed.", "记录已确认。"),
        new("record.withdrawn-not-confirmed", "A withdrawn record cannot be confirmed.", "已撤回的记录不能确认。"),
        new("record.already-disputed", "The record is already disputed.", "记录已被提出异议。"),
        new("record.withdrawn-not-disputed", "A withdrawn record cannot be disputed.", "已撤回的记录不能提出异议。"),
        new("record.version-conflict", "The record is at version {version}, not {expected}; read it again and reapply the correction.",
            "已被他人修改，请刷新后再试（记录现为第 {version} 版，不是第 {expected} 版）。"),
        new("record.withdrawn-not-corrected", "A withdrawn record cannot be corrected.", "已撤回的记录不能更正。"),
        new("record.correction-empty", "The correction changes nothing.", "此次更正没有改变任何内容。"),
        new("record.already-withdrawn", "The record is already withdrawn.", "记录已撤回。"),
        new("record.history-full", "The record has {max} changes; withdraw it and log it anew.", "记录已有 {max} 次变更；请撤回后重新登记。"),
        new("record.counterpart-required", "orgId is the counterpart organisation that answers.", "单位须为答复的对方单位。"),
        new("access.act-for", "This token may not act for {value}.", "本账号不能代表 {value}。"),

        // Corrections (LedgerService).
        new("correction.if-match-required", "A correction names the version it corrects in If-Match.", "更正须在 If-Match 中写明所更正的版本。"),
        new("correction.if-match-shape", "If-Match is the record's version, e.g. \"3\".", "If-Match 为记录的版本号，例如 \"3\"。"),
        new("correction.changes-required", "changes names at least one field and its new value.", "更正内容须至少包含一个字段及其新值。"),
        new("correction.not-party", "Only a party of the record (or a bureau above one) corrects it.", "只有记录的一方（或其上级教育局）可以更正。"),
        new("correction.caller-leaves", "After the correction the caller would no longer act for a party.", "更正后，您将不再代表记录的任何一方。"),
        new("correction.logger-leaves", "After the correction {value}, which logged the record, would no longer be a party of it or a bureau above one; withdraw it and log it anew.",
            "更正后，登记此记录的 {value} 将不再是记录的一方或其上级教育局；请撤回后重新登记。"),
        new("correction.field-unknown", "{name} is not a field of a {value} record that can be corrected.", "{name} 不是{value}记录可更正的字段。"),
        new("correction.value-malformed", "The new value is malformed or of the wrong type.", "新值格式不正确或类型不对。"),

        // Agreements (LedgerService, RecordDecisions, AgreementDocuments).
        new("agreement.signer-required", "orgId is the signing party.", "单位须为签署的一方。"),
        new("agreement.signed-on-future", "signedOn is a real day, not in the future.", "签署日期须为真实日期，不能晚于今天。"),
        new("agreement.terminator-required", "orgId is the terminating party.", "单位须为终止协议的一方。"),
        new("agreement.already-signed", "{value} has already signed.", "{value} 已签署。"),
        new("agreement.already-terminated", "The agreement was already terminated on {date}.", "协议已于 {date} 终止。"),
        new("agreement.terminated-before-start", "terminatedOn must not be before the agreement's validFrom.", "终止日期不能早于协议的生效日期。"),
        new("agreement.document-only", "Only agreements keep a document.", "只有协议可以保存扫描件。"),
        new("agreement.only-signed", "Only agreements are signed and terminated.", "只有协议可以签署和终止。"),
        new("agreement.not-party", "orgId must be a party of the agreement.", "单位须为协议的一方。"),
        new("agreement.withdrawn", "The agreement is withdrawn.", "协议已撤回。"),
        new("document.not-pdf-type", "The signed scan is uploaded as application/pdf.", "签署扫描件须以 application/pdf 上传。"),
        new("document.not-party", "Only a party of the agreement uploads its scan.", "只有协议的一方可以上传扫描件。"),
        new("document.not-pdf", "The body is not a PDF file (it does not start with %PDF-).", "上传内容不是 PDF 文件（不是以 %PDF- 开头）。"),
        new("document.missing", "No signed scan has been uploaded for this agreement.", "此协议尚未上传签署扫描件。"),
        new("document.too-large", "The signed scan is at most {max} MiB.", "签署扫描件最大 {max} MiB。"),
        new("document.hash-mismatch", "The stored scan's SHA-256 ({value}) is not the one recorded at its upload ({expected}); it is not served. A party of the agreement uploads the signed scan again.",
            "存储的扫描件 SHA-256（{value}）与上传时记录的（{expected}）不符，不予提供。请协议一方重新上传签署扫描件。"),
        new("document.blob-missing", "The scan the record names is missing from storage. A party of the agreement uploads the signed scan again.",
            "记录所指的扫描件在存储中不存在。请协议一方重新上传签署扫描件。"),
        new("document.changed", "The stored scan changed while it was being checked; it is not served.", "存储的扫描件在校验期间发生变化，不予提供。"),

        // Merges (MergeRules, ReconciliationService).
        new("merge.already-merged", "The record is already merged into {id}.", "该记录已合并到 {id}。"),
        new("merge.keep-merged", "The record to keep is itself merged into {id}.", "要保留的记录本身已合并到 {id}。"),
        new("merge.not-counted", "Withdrawn or disputed records are not merged.", "已撤回或有异议的记录不能合并。"),
        new("merge.not-duplicates", "Only probable duplicates are merged: the same kind and parties, overlapping dates, logged by each side.",
            "只有可能重复的记录才能合并：类型和双方相同、日期重叠、由双方各自登记。"),
        new("merge.same-record", "keepId and duplicateId name two different records.", "保留记录与重复记录须为两条不同的记录。"),
        new("merge.id-shape", "keepId and duplicateId are record ids (letters, digits and dashes, e.g. vis-20240409101500000-0a1b2c3d4e).",
            "保留记录与重复记录须为记录编号（字母、数字和连字符，例如 vis-20240409101500000-0a1b2c3d4e）。"),
        new("merge.not-party", "Only a party of the records (or a bureau above one) merges them.", "只有记录的一方（或其上级教育局）可以合并。"),
        new("merge.not-found", "No merge {id}.", "未找到合并 {id}。"),
        new("merge.withdraw-not-party", "Only a party of the records (or a bureau above one) withdraws a merge.", "只有记录的一方（或其上级教育局）可以撤销合并。"),

        // Registry, tokens, pairings (OrganizationsApi, PairingsApi, TokensApi, OrganizationIds).
        new("organization.kind", "kind must be city, county or school.", "类型须为市、县区或学校。"),
        new("organization.parent-shape", "parentId is not a well-formed organisation id.", "上级单位不是格式正确的单位代码。"),
        new("organization.id-shape", "The id is not a well-formed organisation id.", "编号不是格式正确的单位代码。"),
        new("organization.city-no-parent", "A city has no parent.", "市没有上级单位。"),
        new("organization.parent-kind", "parentId must be a registered {kind}.", "上级单位须为已登记的{kind}。"),
        new("organization.province", "province must be that of the parent ({value}).", "省份须与上级单位相同（{value}）。"),
        new("organization.city-code", "A city id is its six-digit GB/T 2260 code ending in 00, e.g. 610300.", "市的代码为以 00 结尾的六位 GB/T 2260 行政区划代码，例如 610300。"),
        new("organization.county-code", "A county id is its six-digit GB/T 2260 code, e.g. 610327.", "县区的代码为六位 GB/T 2260 行政区划代码，例如 610327。"),
        new("organization.school-id", "A school id is 1–40 letters, digits or dashes and not a six-digit division code.", "学校编号为 1–40 个字母、数字或连字符，且不是六位行政区划代码。"),
        new("organization.required", "organizationId must be a registered organisation.", "单位须为已登记的单位。"),
        new("pairing.parties", "partyIds must name two different organisations.", "结对双方须为两个不同的单位。"),
        new("pairing.party-kind", "{value} is not a registered {kind}.", "{value} 不是已登记的{kind}。"),
        new("pairing.same-province", "A pairing joins one party in Shaanxi and one in Jiangsu.", "结对须一方在陕西、一方在江苏。"),
        new("pairing.forbidden", "Only the administrator or the city of one party may create a pairing.", "只有管理员或一方所属的市可以建立结对。"),
        new("pairing.exists", "These two are already paired ({id}) with other dates.", "这两个单位已结对（{id}），日期不同。"),
        new("token.not-found", "No token {id} was issued.", "未签发令牌 {id}。"),
        new("token.limit", "{value} already has {max} tokens.", "{value} 的令牌已达上限（{max} 个，含已吊销的）。"),
        new("token.list-organization", "organizationId names the organisation whose tokens to list.", "单位须为要列出其令牌的单位。"),

        // Accounts (AccountRules, AccountService).
        new("account.login-shape", "{field} is 3–64 characters: lower-case letters, digits, '.', '_' and '-'.",
            "{field}为 3–64 个字符：小写字母、数字、“.”、“_”或“-”。"),
        new("account.password-length", "{field} is {min}–{max} characters.", "{field}为 {min}–{max} 个字符。"),
        new("account.password-control", "{field} holds no control characters.", "{field}不能包含控制字符。"),
        new("account.organization", "organizationId is the organisation the person acts for.", "请选择此人所属的单位。"),
        new("account.admin-login", "The login admin is the administrator's.", "登录名 admin 属于管理员。"),
        new("account.limit", "{value} already has {max} accounts.", "{value} 的账号已达上限（{max} 个）。"),
        new("account.login-taken", "The login {name} is taken.", "登录名 {name} 已被使用。"),
        new("account.list-organization", "organizationId names the organisation whose accounts to list.", "单位须为要列出其账号的单位。"),
        new("account.admin-disable", "The administrator's account cannot be disabled.", "管理员账号不能停用。"),
        new("account.not-found", "No account {name}.", "未找到账号 {name}。"),
        new("account.no-person", "Only a signed-in person changes their own password; a token has none.", "只有登录的个人账号可以修改自己的密码；令牌没有密码。"),
        new("account.current-password", "currentPassword is not the account's password.", "当前密码不正确。"),
        new("access.account-create", "This caller may not create accounts for {value}.", "本账号不能为 {value} 创建账号。"),
        new("access.account-list", "This caller may not list the accounts of {value}.", "本账号不能查看 {value} 的账号。"),
        new("access.account", "This caller may not call {name} for the account {id}.", "本账号无权对账号 {id} 执行 {name}。"),

        // Lists, reports, audits (RecordsApi, ReportsApi, ReconciliationApi, FiguresAuditApi).
        new("list.organization", "organizationId names the organisation whose records to list.", "单位须为要列出其记录的单位。"),
        new("list.year", "year lies between 2000 and 2100.", "年度须在 2000 到 2100 之间。"),
        new("list.page-size", "pageSize lies between 1 and {max}.", "每页条数须在 1 到 {max} 之间。"),
        new("list.continuation", "continuationToken is not one this server handed out: pass the continuationToken of the previous page.",
            "续页标记不是本服务给出的：请使用上一页返回的续页标记。"),
        new("list.continuation", "continuationToken is the continuationToken of the previous page.", "续页标记须为上一页返回的续页标记。"),
        new("list.continuation", "continuationToken is the continuationToken of the previous page of this figure.", "续页标记须为此指标上一页返回的续页标记。"),
        new("access.list", "This token may not list the records of {value}.", "本账号不能列出 {value} 的记录。"),
        new("report.accept", "Accept is one of: {values}.", "Accept 须为以下之一：{values}。"),
        new("report.figure", "figure is a field of the report, e.g. {values}.", "指标须为报告中的字段，例如 {values}。"),
        new("report.county", "countyId is a county of {value}.", "县区须为 {value} 下属的县区。"),
        new("access.report", "This token may not read {name} of {value}: a city reads its own side of its partnership, a county bureau its own county's figures.",
            "本账号不能查看 {value} 的{name}：市只能查看本方的协作统计，县区教育局只能查看本县区的数据。"),
        new("rebuild.other-year", "{id} is not a rebuild of {year}.", "{id} 不是 {year} 年的重建任务。"),
        new("rebuild.not-found", "No rebuild {id}: only the last rebuild of a year is kept.", "未找到重建任务 {id}：每年只保留最近一次重建。"),

        // Requests as a whole (AccessFilter, bearer tokens, limits, unreadable bodies, storage).
        new("access.endpoint", "This token may not call {name}.", "本账号无权调用 {name}。"),
        new("auth.required", "Send 'Authorization: Bearer <token>' with a valid, unrevoked token.", "请登录，或在 Authorization 中发送有效且未吊销的令牌（Bearer <token>）。"),
        new("auth.not-bearer", "The Authorization header is not a bearer token.", "Authorization 请求头不是 Bearer 令牌。"),
        new("auth.unknown-token", "The token is unknown or revoked.", "令牌不存在或已吊销。"),
        new("auth.forbidden", "This token may not do that.", "本账号无权执行此操作。"),
        new("request.rate-limited", "Too many requests from this token (or address): retry after {seconds} s.", "请求过于频繁，请 {seconds} 秒后再试。"),
        new("request.too-large", "The request body is at most {max} here.", "此处请求内容最大 {max}。"),
        new("request.malformed", "The value is malformed or of the wrong type at {name}.", "{name} 处的值格式不正确或类型不对。"),
        new("request.malformed", "The value is malformed or of the wrong type.", "值格式不正确或类型不对。"),
        new("storage.unavailable", "Storage or the silo did not answer in time.", "存储或服务未能及时响应。"),
        new("storage.retry", "Nothing was lost: repeat the same request (with the same Idempotency-Key) after Retry-After seconds.",
            "没有丢失任何数据：请在 Retry-After 秒后重发同一请求（使用同一幂等键）。"),

        // Spreadsheet imports (Imports/).
        new("import.file-required", "Upload the spreadsheet as the multipart field file.", "请以 multipart 字段 file 上传表格文件。"),
        new("import.file-too-large", "The file is at most {max} MiB.", "文件最大 {max} MiB。"),
        new("import.file-unreadable", "The file is neither an XLSX workbook nor a CSV file in UTF-8 or GB18030.", "文件既不是 XLSX 工作簿，也不是 UTF-8 或 GB18030 编码的 CSV 文件。"),
        new("import.template", "A template is visits, staff-exchanges, trainings or agreements, with .xlsx or .csv.", "模板为 visits、staff-exchanges、trainings 或 agreements，扩展名 .xlsx 或 .csv。"),
        new("import.file-empty", "The file holds no rows under its header.", "文件表头下没有数据行。"),
        new("import.file-rows", "The file holds at most {max} rows.", "文件最多 {max} 行数据。"),
        new("import.header-missing", "The header lacks the column {name}: start from the template.", "表头缺少列“{name}”：请使用导入模板。"),
        new("import.kind", "kind is one of: {values}.", "类型须为以下之一：{values}。"),
        new("import.organization", "The administrator names the organisation it imports for in organizationId.", "管理员须在单位（organizationId）中写明代哪个单位导入。"),
        new("import.access", "This token may not import records for {value}.", "本账号不能为 {value} 导入记录。"),
        new("import.interrupted", "The server stopped during the commit; commit again to finish it.", "导入过程中服务停止；请再次提交以完成导入。"),
        new("import.not-found", "No import {id}.", "未找到导入 {id}。"),
        new("import.has-errors", "{count} rows have errors: fix them and upload the file again.", "有 {count} 行存在错误：请修改后重新上传文件。"),
        new("import.row-key-repeated", "The row key {name} is also that of row {row}.", "编号 {name} 与第 {row} 行重复。"),
        new("import.row-key-changed", "The row key {name} was imported before with other content.", "编号 {name} 此前已导入，但内容不同。"),
        new("import.not-a-date", "{name} is a date (yyyy-MM-dd).", "{name}须为日期（yyyy-MM-dd）。"),
        new("import.not-a-number", "{name} is a whole number.", "{name}须为整数。"),
        new("import.not-an-amount", "{name} is an amount in yuan.", "{name}须为金额（元）。"),
        new("import.not-a-value", "{name} is one of: {values}.", "{name}须为以下之一：{values}。"),
    ];

    private static readonly Dictionary<string, string> Titles = new(StringComparer.Ordinal)
    {
        ["One or more fields are invalid."] = "一个或多个字段不正确。",
        ["Forbidden"] = "无权操作",
        ["Not found"] = "未找到",
        ["Not Found"] = "未找到",
        ["Conflict"] = "冲突",
        ["Unprocessable request"] = "无法处理的请求",
        ["Precondition failed"] = "前提条件不成立",
        ["Precondition required"] = "缺少前提条件",
        ["Unsupported media type"] = "不支持的内容类型",
        ["Not acceptable"] = "无法提供所要求的格式",
        ["The request could not be read."] = "无法读取请求。",
        ["Too many requests"] = "请求过于频繁",
        ["Payload too large"] = "请求内容过大",
        ["Storage is unavailable"] = "存储暂不可用",
        ["Authentication required"] = "需要登录",
        ["Bad Request"] = "请求有误",
        ["Unauthorized"] = "需要登录",
        ["Method Not Allowed"] = "不允许的请求方法",
        ["An error occurred while processing your request."] = "处理请求时出错。",
    };

    /// <summary>The code and text of a message; Chinese when <paramref name="culture"/> is Chinese, else the English as it was.</summary>
    public static ProblemText Translate(string field, string message, CultureInfo culture)
    {
        _ = field;
        var chinese = IsChinese(culture);
        foreach (var entry in Entries)
        {
            var match = entry.Pattern.Match(message);
            if (match.Success)
            {
                return new ProblemText(entry.Code, chinese ? entry.Render(match) : message);
            }
        }

        return new ProblemText(UnknownCode, chinese ? $"请求有误：{message}" : message);
    }

    /// <summary>Whether the catalog knows the message (the unit test asks this of every message the rules can produce).</summary>
    public static bool Knows(string message) => Entries.Any(e => e.Pattern.IsMatch(message));

    /// <summary>A problem's title in the culture asked for; titles not listed stay as they are.</summary>
    public static string Title(string title, CultureInfo culture) =>
        IsChinese(culture) && Titles.TryGetValue(title, out var chinese) ? chinese : title;

    public static bool IsChinese(CultureInfo culture) => culture.TwoLetterISOLanguageName == "zh";

    /// <summary>The message of the codes' documentation: every code with its English template and its zh-CN text.</summary>
    public static IEnumerable<(string Code, string English, string Chinese)> All => Entries.Select(e => (e.Code, e.English, e.Chinese));

    private sealed partial class Entry
    {
        public Entry(string code, string english, string chinese)
        {
            Code = code;
            English = english;
            Chinese = chinese;
            var pattern = string.Concat(Placeholder().Split(english).Select((part, i) => i % 2 == 0 ? Regex.Escape(part) : $"(?<{part}>.+?)"));
            Pattern = new Regex($"^{pattern}$", RegexOptions.CultureInvariant | RegexOptions.Singleline);
        }

        public string Code { get; }

        public string English { get; }

        public string Chinese { get; }

        public Regex Pattern { get; }

        public string Render(Match match) => Placeholder().Replace(Chinese, p =>
        {
            var name = p.Groups[1].Value;
            var value = match.Groups[name].Value;
            return name.StartsWith("field", StringComparison.Ordinal) ? ChineseLabels.Field(value)
                : name == "values" ? string.Join("、", value.Split(", ").Select(ChineseLabels.Value))
                : name == "kind" ? ChineseLabels.OrganizationKind(value)
                : name.StartsWith("value", StringComparison.Ordinal) ? ChineseLabels.Value(value)
                : value;
        });

        [GeneratedRegex(@"\{([A-Za-z]+)\}")]
        private static partial Regex Placeholder();
    }
}
