import { INSTITUTION_NUMBER_SENTENCE, INSURER_NUMBER_SENTENCE } from './identifiers';

/**
 * Every error a device or an operator can meet: a stable code, its HTTP status and a sentence on
 * what to do, in English (`sentence`) and in Japanese (`ja`, the polite desk Japanese the reception
 * app shows). The OpenAPI documents list it; a test checks that every code thrown in the code base
 * is here, and that each has both sentences. An English message in a response may add specifics
 * (which device or session); a Japanese one is the catalogue's sentence (HttpErrorFilter picks by
 * `Accept-Language`).
 */
export const ERROR_CATALOGUE = {
  'invalid-request': {
    status: 400,
    sentence: 'The body does not match the contract; `field` names the first problem.',
    ja: '入力内容に誤りがあります。表示された項目を確認して、もう一度送信してください。',
  },
  'bad-request': {
    status: 400,
    sentence: 'The body is not valid JSON.',
    ja: '送信されたデータを読み取れませんでした（JSON の形式ではありません）。',
  },
  'payload-too-large': { status: 413, sentence: 'The body exceeds 64 KiB.', ja: '送信されたデータが大きすぎます（上限 64 KiB）。' },
  'unsupported-media-type': {
    status: 415,
    sentence: 'Send the body as application/json.',
    ja: 'データは application/json 形式で送信してください。',
  },
  'invalid-utf8': { status: 400, sentence: 'The body is not valid UTF-8.', ja: '送信されたデータの文字コードが UTF-8 ではありません。' },
  'cors-origin-not-allowed': {
    status: 403,
    sentence: 'This browser origin is not on the CORS allow-list (CORS_ALLOWED_ORIGINS).',
    ja: 'この画面の配信元からは API を利用できません（CORS の許可一覧にありません）。',
  },
  'route-not-found': { status: 404, sentence: 'No such route.', ja: 'お探しの機能（URL）は見つかりませんでした。' },
  'method-not-allowed': {
    status: 405,
    sentence: 'The path does not take this method; the Allow header lists the ones it does.',
    ja: 'この URL ではその操作はできません。',
  },
  'invalid-session-id': { status: 400, sentence: 'A session id is a UUID.', ja: '受付番号（セッション ID）の形式が正しくありません。' },
  'device-auth-missing': {
    status: 401,
    sentence: 'Device requests must carry x-device-id, x-timestamp, x-nonce and x-signature.',
    ja: 'この端末からの要求に署名がありません。端末の登録をやり直してください。',
  },
  'device-auth-stale': {
    status: 401,
    sentence: 'The request timestamp is outside the replay window; check the device clock and sign again.',
    ja: '端末の時計がずれています。端末の日付と時刻を正しく設定してから、もう一度お試しください。',
  },
  'device-auth-signature': {
    status: 401,
    sentence: 'The signature does not match: the body or path was altered, or an old credential was used.',
    ja: '端末の認証に失敗しました。古い鍵が使われた可能性があります。端末の登録をやり直してください。',
  },
  'device-auth-replayed': {
    status: 401,
    sentence: 'This request was already received; sign every request anew.',
    ja: '同じ要求が二度送信されました。もう一度操作してください。',
  },
  'device-unknown': {
    status: 401,
    sentence: 'The device is not registered and activated (or its activation has not arrived yet).',
    ja: 'この端末は登録・有効化されていません（有効化の反映待ちの場合は、少し待ってからお試しください）。',
  },
  'device-suspended': {
    status: 403,
    sentence: 'The device is suspended; call the federation’s desk (an operator must re-activate it).',
    ja: 'この端末は利用停止中です。連合会の窓口（ヘルプデスク）にお電話ください。',
  },
  'device-retired': {
    status: 403,
    sentence: 'The device is retired and can no longer be used; call the federation’s desk for a replacement.',
    ja: 'この端末は廃止されたため、使用できません。連合会の窓口（ヘルプデスク）にお電話ください。',
  },
  'device-not-active': {
    status: 403,
    sentence: 'The device is not active.',
    ja: 'この端末はまだ有効化されていません。有効化コードで端末を登録してください。',
  },
  'device-not-registered': {
    status: 403,
    sentence: 'The device is not a registered, activated device.',
    ja: 'この端末は登録・有効化された端末ではありません。',
  },
  'device-without-institution': {
    status: 403,
    sentence: 'The device names neither a checkup institution nor an insurer running checkups itself; it may not open sessions.',
    ja: 'この端末は健診機関にも保険者にも紐づいていないため、受付を開始できません。連合会の窓口に端末の登録内容を確認してください。',
  },
  'device-mismatch': { status: 403, sentence: 'A device may only act for itself.', ja: '他の端末の代わりに操作することはできません。' },
  'device-has-active-session': {
    status: 409,
    sentence: 'The device already has an active session; finish or cancel it first.',
    ja: 'この端末には受付中の方がいます。先にその受付を完了するか取り消してください。',
  },
  'identity-verification-not-permitted': {
    status: 422,
    sentence:
      'Online eligibility may not be used for identity verification (本人確認); the visitor must present the My Number card itself.',
    ja: 'オンライン資格確認を本人確認の目的で使うことはできません。マイナンバーカードそのものを確認してください。',
  },
  'voucher-required-for-purpose': {
    status: 422,
    sentence: 'Only a 人間ドック (comprehensive-checkup) is confirmed against the insurer without a voucher.',
    ja: '受診券なしで保険者に確認できるのは人間ドックだけです。',
  },
  'linked-session-not-found': {
    status: 422,
    sentence: 'linkedSessionId names no captured visit at this institution.',
    ja: '指定された受付（オフラインで記録した来所）は、この機関に見つかりません。',
  },
  'linked-session-not-captured': {
    status: 422,
    sentence: 'Only a visit captured offline is confirmed by a later online check.',
    ja: '後からオンラインで確認できるのは、オフラインで記録した来所だけです。',
  },
  'card-read-needs-online': {
    status: 422,
    sentence:
      'A My Number card cannot be read offline (資格確認限定型 is online only; the PIN is checked through JPKI when read): record an alternative document or the paper route.',
    ja: 'オフラインではマイナンバーカードを読み取れません。資格確認書などの代替書類か紙の手続きで記録してください。',
  },
  'card-pin-locked': {
    status: 409,
    sentence: 'The card is locked after three wrong PINs: confirm the holder by 目視確認 (with checkedBy) or use an alternative method.',
    ja: '暗証番号を3回間違えたため、カードがロックされました。目視確認（確認者名を入力）か、代替の方法で確認してください。',
  },
  'checked-by-required': {
    status: 422,
    sentence: 'A 目視確認 records the staff member who did it: give checkedBy.',
    ja: '目視確認をした職員の名前を入力してください。',
  },
  'identity-step-not-applicable': {
    status: 422,
    sentence: 'Identity verified with the My Number card is a step of a 人間ドック (comprehensive-checkup) session.',
    ja: 'マイナンバーカードによる本人確認の記録は、人間ドックの受付でのみ行います。',
  },
  'method-not-valid-on-date': {
    status: 422,
    sentence: 'The method is not accepted for this checkup date (the message names its dates); use another method.',
    ja: 'この確認方法は受診日には使えません。別の方法で確認してください。',
  },
  'unknown-purpose': {
    status: 400,
    sentence: 'purpose must be specific-checkup, specific-guidance or comprehensive-checkup.',
    ja: '受付の目的は「特定健診」「特定保健指導」「人間ドック」のいずれかを選んでください。',
  },
  'session-not-found': { status: 404, sentence: 'No such session for this device.', ja: 'この端末の受付が見つかりません。' },
  'session-state-conflict': {
    status: 409,
    sentence: 'The step is not possible in the session’s current state.',
    ja: '現在の受付の状態では、この操作はできません。',
  },
  'session-busy': {
    status: 409,
    sentence: 'The session is being changed by another request; retry.',
    ja: '同じ受付を別の操作が更新中です。少し待ってから、もう一度お試しください。',
  },
  'voucher-already-presented': {
    status: 409,
    sentence: 'A different voucher was already presented in this session.',
    ja: 'この受付では、すでに別の券が提示されています。',
  },
  'device-already-registered': {
    status: 409,
    sentence: 'A device with this id is already registered.',
    ja: 'この端末 ID はすでに登録されています。',
  },
  'device-not-found': { status: 404, sentence: 'No such device.', ja: '該当する端末が見つかりません。' },
  'device-transition-not-allowed': {
    status: 409,
    sentence: 'The lifecycle does not allow this change (requested → active → suspended → retired).',
    ja: '端末の状態（申請中 → 有効 → 停止 → 廃止）の変更順序に沿っていないため、変更できません。',
  },
  'credential-needs-active-device': {
    status: 409,
    sentence: 'Only an active device gets a new credential; activate it first.',
    ja: '新しい鍵を発行できるのは有効な端末だけです。先に端末を有効化してください。',
  },
  'device-changed-concurrently': {
    status: 409,
    sentence: 'The device changed meanwhile; retry.',
    ja: '端末の情報が同時に更新されました。もう一度お試しください。',
  },
  'institution-changed-concurrently': {
    status: 409,
    sentence: 'The institution changed meanwhile; retry.',
    ja: '機関の情報が同時に更新されました。もう一度お試しください。',
  },
  'site-changed-concurrently': {
    status: 409,
    sentence: 'The site changed meanwhile; retry.',
    ja: '会場の情報が同時に更新されました。もう一度お試しください。',
  },
  'voucher-changed-concurrently': {
    status: 409,
    sentence: 'The voucher changed meanwhile; retry.',
    ja: '券の情報が同時に更新されました。もう一度お試しください。',
  },
  'institution-already-registered': {
    status: 409,
    sentence: 'This institution number is already registered.',
    ja: 'この機関番号はすでに登録されています。',
  },
  'institution-not-found': { status: 404, sentence: 'No such institution.', ja: '該当する機関が見つかりません。' },
  'institution-not-registered': { status: 422, sentence: 'Register the institution first.', ja: '先に機関を登録してください。' },
  'institution-not-active': {
    status: 422,
    sentence: 'The institution is not registered or was withdrawn.',
    ja: 'この機関は登録されていないか、廃止されています。',
  },
  'institution-withdrawn': {
    status: 422,
    sentence: 'The institution’s online eligibility code was withdrawn.',
    ja: 'この機関のオンライン資格確認用コードは廃止されています。',
  },
  'invalid-institution-number': {
    status: 400,
    sentence: `\`field\` names the refused number: ${INSTITUTION_NUMBER_SENTENCE}.`,
    ja: '機関番号（健診・保健指導機関番号）が正しくありません。10桁の番号と検証番号を確認してください。',
  },
  'invalid-insurer-number': {
    status: 400,
    sentence: `\`field\` names the refused number: ${INSURER_NUMBER_SENTENCE}.`,
    ja: '保険者番号が正しくありません。8桁（市町村国保は6桁）の番号と検証番号を確認してください。',
  },
  'insurer-already-enrolled': {
    status: 409,
    sentence: 'The insurer already holds an online eligibility code; file a withdrawal first.',
    ja: 'この保険者にはすでにオンライン資格確認用コードがあります。先に廃止届を提出してください。',
  },
  'online-eligibility-code-not-found': {
    status: 404,
    sentence: 'No such online eligibility code.',
    ja: '該当するオンライン資格確認用コードが見つかりません。',
  },
  'already-withdrawn': {
    status: 409,
    sentence: 'The code was already withdrawn, or its withdrawal notice is already filed.',
    ja: 'このコードはすでに廃止されているか、廃止届が提出済みです。',
  },
  'invalid-online-eligibility-code': {
    status: 400,
    sentence: 'The online eligibility code (オンライン資格確認用コード, as 支払基金 assigned it) must be 1–20 letters or digits.',
    ja: 'オンライン資格確認用コード（支払基金が割り当てたもの）は、1〜20文字の英数字です。',
  },
  'online-eligibility-code-already-registered': {
    status: 409,
    sentence: 'This online eligibility code is already recorded for an insurer; check the code 支払基金 assigned.',
    ja: 'このオンライン資格確認用コードは、すでに別の保険者に記録されています。支払基金から通知されたコードを確認してください。',
  },
  'insurer-not-enrolled': {
    status: 422,
    sentence: 'No introduction notice (導入届) records this online eligibility code.',
    ja: 'このオンライン資格確認用コードの導入届が記録されていません。',
  },
  'insurer-withdrawn': {
    status: 422,
    sentence: 'The insurer’s online eligibility code was withdrawn (廃止届).',
    ja: 'この保険者のオンライン資格確認用コードは廃止されています（廃止届）。',
  },
  'device-already-retired': {
    status: 409,
    sentence: 'The device is retired; its card reader can no longer change.',
    ja: 'この端末は廃止済みのため、カードリーダーを変更できません。',
  },
  'site-already-registered': {
    status: 409,
    sentence: 'A site with this id is already registered.',
    ja: 'この会場 ID はすでに登録されています。',
  },
  'site-not-found': { status: 404, sentence: 'No such site.', ja: '該当する会場が見つかりません。' },
  'site-not-registered': {
    status: 422,
    sentence: 'The site is not a site of this institution.',
    ja: 'この会場は、この機関の会場として登録されていません。',
  },
  'not-a-bus': { status: 422, sentence: 'Only a checkup bus has an itinerary.', ja: '巡回日程を登録できるのは健診バスだけです。' },
  'voucher-not-found': { status: 404, sentence: 'No such voucher.', ja: '該当する券が見つかりません。' },
  'voucher-not-used-by-session': {
    status: 409,
    sentence: 'The voucher is not currently used by that session; nothing to undo.',
    ja: 'この券は、その受付では使用されていません。取り消すものはありません。',
  },
  'empty-file': {
    status: 400,
    sentence: 'The upload is empty, or has a header row and no voucher rows.',
    ja: 'ファイルが空か、見出し行だけで券の行がありません。',
  },
  'unsupported-charset': {
    status: 400,
    sentence: 'The upload declares a charset that is not known, or is not valid in it; send UTF-8 or Shift_JIS.',
    ja: 'ファイルの文字コードを読み取れません。UTF-8 または Shift_JIS で送信してください。',
  },
  'unknown-columns': {
    status: 400,
    sentence: 'The CSV header names columns the import does not know; the message lists the expected ones.',
    ja: 'ファイルの見出しに、取り込みで使わない列があります。',
  },
  'missing-columns': {
    status: 400,
    sentence: 'The CSV header lacks columns every voucher needs; the message names them (docs/voucher-files.md).',
    ja: 'ファイルの見出しに、必要な列が足りません。',
  },
  'duplicate-columns': {
    status: 400,
    sentence: 'The CSV header names a column twice.',
    ja: 'ファイルの見出しに、同じ列名が二つあります。',
  },
  'unreadable-file': {
    status: 400,
    sentence:
      'The CSV cannot be read to its end (an unclosed quote, text after a closing quote, a quote inside an unquoted cell); the message gives the line. Nothing was imported.',
    ja: 'ファイルを最後まで読み取れませんでした（引用符の閉じ忘れなど）。何も取り込んでいません。',
  },
  'import-not-found': { status: 404, sentence: 'No such import.', ja: '該当する取り込みが見つかりません。' },
  'decision-not-found': { status: 404, sentence: 'No matching decision for this session.', ja: 'この受付の照合結果が見つかりません。' },
  'decision-not-settleable': {
    status: 409,
    sentence:
      'Only a needs-manual-check or member-mismatch decision naming an identified voucher can be settled; the message says why not.',
    ja: 'この照合結果は、保険者への確認による解決の対象ではありません。',
  },
  'decision-already-settled': {
    status: 409,
    sentence: 'The session’s decision was already settled.',
    ja: 'この受付の照合結果は、すでに解決済みです。',
  },
  'voucher-already-used': {
    status: 409,
    sentence: 'The voucher was already used; the message names the site and the time (JST) of its first use.',
    ja: 'この券はすでに使用されています。最初に使われた会場と日時を確認してください。',
  },
  'invalid-contract-id': {
    status: 400,
    sentence: 'A contract id is 1–64 letters, digits, _ . : -.',
    ja: '契約 ID は、英数字と _ . : - で64文字以内です。',
  },
  'contract-not-found': { status: 404, sentence: 'No such contract.', ja: '該当する契約が見つかりません。' },
  'invalid-validity': { status: 400, sentence: 'validUntil is before validFrom.', ja: '有効期間の終了日が開始日より前になっています。' },
  'lookup-not-found': { status: 404, sentence: 'No lookup for this session.', ja: 'この受付の資格照会が見つかりません。' },
  'bridge-request-not-found': {
    status: 404,
    sentence: 'No waiting eligibility question with this id for the bridge’s institution.',
    ja: 'この機関あての資格照会の待ちはありません。',
  },
  'staff-auth-missing': {
    status: 401,
    sentence: 'Staff routes need `Authorization: Bearer <token>` issued by the federation’s identity provider.',
    ja: '職員用の機能です。ログインしてから、もう一度お試しください。',
  },
  'staff-token-invalid': {
    status: 401,
    sentence: 'The staff token is malformed or its signature does not match.',
    ja: 'ログイン情報を確認できませんでした。もう一度ログインしてください。',
  },
  'staff-token-expired': {
    status: 401,
    sentence: 'The staff token has expired; obtain a new one.',
    ja: 'ログインの有効期限が切れました。もう一度ログインしてください。',
  },
  'export-too-large': {
    status: 422,
    sentence: 'The export would hold more sessions than one file may; narrow the days or name the institution, insurer or site.',
    ja: '出力する件数が1ファイルの上限を超えます。期間を短くするか、機関・保険者・会場を指定してください。',
  },
  'identity-provider-unavailable': {
    status: 503,
    sentence: 'The identity provider’s signing keys could not be fetched, so the staff token cannot be checked; try again shortly.',
    ja: 'ログイン基盤（認証サーバー）に接続できないため、ログイン情報を確認できません。しばらくしてから、もう一度お試しください。',
  },
  'role-required': {
    status: 403,
    sentence: 'The route needs another role; the message names the roles that may call it.',
    ja: 'この操作を行う権限がありません。',
  },
  'site-not-permitted': { status: 403, sentence: 'A site manager may only see their own sites.', ja: '担当の会場以外は表示できません。' },
  'bus-not-found': { status: 404, sentence: 'No such checkup bus.', ja: '該当する健診バスがありません。' },
  'alert-not-found': { status: 404, sentence: 'No such alert.', ja: '該当するアラートがありません。' },
  'alert-already-acknowledged': {
    status: 409,
    sentence: 'The alert was already acknowledged; resolve it when it is handled.',
    ja: 'このアラートは確認済みです。対応が済んだら「対応完了」にしてください。',
  },
  'alert-already-resolved': {
    status: 409,
    sentence: 'The alert is already resolved; it reopens by itself if its condition comes back.',
    ja: 'このアラートは対応完了です。同じ状態が再発すると自動で再度開きます。',
  },
  'route-not-classified': {
    status: 403,
    sentence: 'The route declares no access rule and is refused (fail closed).',
    ja: 'この機能は利用が許可されていません。',
  },
  'activation-code-invalid': {
    status: 400,
    sentence: 'No such activation code: check the 12 characters as printed (letters or digits, hyphens optional).',
    ja: '有効化コードが正しくありません。表示された12文字（英数字、ハイフンは省略可）を確認して、もう一度入力してください。',
  },
  'activation-code-expired': {
    status: 410,
    sentence: 'The activation code has expired or was replaced by a newer one; ask the federation’s desk for a new code.',
    ja: 'この有効化コードは有効期限が切れたか、新しいコードに置き換えられました。連合会の窓口に新しいコードの発行を依頼してください。',
  },
  'activation-code-used': {
    status: 409,
    sentence: 'The activation code was already used; each code activates one browser once. Ask the federation’s desk for a new code.',
    ja: 'この有効化コードはすでに使用されています。コードは1回だけ使えます。連合会の窓口に新しいコードの発行を依頼してください。',
  },
  'too-many-attempts': {
    status: 429,
    sentence: 'Too many wrong activation codes from this address; wait and try again later (the Retry-After header says when).',
    ja: '有効化コードの入力に続けて失敗したため、一時的に受け付けを止めています。しばらく待ってから、もう一度お試しください。',
  },
  'device-not-of-bus': {
    status: 403,
    sentence: 'The device is not registered at this bus; only the bus’s own devices check or read its tour.',
    ja: 'この端末はこの健診バスに登録されていません。バスの点検と行程は、そのバスの端末だけが扱えます。',
  },
  'tour-not-found': {
    status: 404,
    sentence: 'No readiness report for this bus and tour day.',
    ja: 'この健診バスと運行日の点検記録はありません。',
  },
  'settlement-not-requestable': {
    status: 409,
    sentence:
      'Only a completed session whose outcome staff may settle (member-mismatch, needs-manual-check) can be put on the settlement queue; a settled one needs nothing more.',
    ja: 'この受付結果は精算（確認済みの登録）を依頼できません。依頼できるのは「受診者情報の不一致」と「要確認」の結果だけです（登録済みのものは依頼不要です）。',
  },
  'tour-changed-concurrently': {
    status: 409,
    sentence: 'The bus’s readiness report changed meanwhile (another device checked at the same moment); retry.',
    ja: '別の端末が同時に点検したため点検記録が更新されました。もう一度お試しください。',
  },
  'tour-not-ready': {
    status: 409,
    sentence:
      'A readiness check of the bus is red (the message names each device and check); fix them and check again before marking the tour ready.',
    ja: '出発前点検に異常（赤）の項目があります（メッセージに端末と項目を記載）。直してから再点検し、出発準備完了にしてください。',
  },
  'temporarily-unavailable': {
    status: 503,
    sentence:
      'The service cannot reach its database or broker at the moment; send the same request again after the seconds in Retry-After.',
    ja: 'システムが一時的に応答できません。数秒待ってから、同じ操作をもう一度お試しください。',
  },
  internal: {
    status: 500,
    sentence: 'An internal error occurred; it has been logged.',
    ja: 'システムで問題が発生しました。記録済みです。しばらくしてから、もう一度お試しください。',
  },
} as const satisfies Record<string, { status: number; sentence: string; ja: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
