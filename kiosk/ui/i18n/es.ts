<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="ja">
<context>
    <name>AttractScreen</name>
    <message>
        <source>証明写真・マイナンバーカード申請</source>
        <translation>Fotos de carné y solicitud de la Tarjeta My Number (マイナンバーカード)</translation>
    </message>
    <message>
        <source>画面にタッチしてはじめてください</source>
        <translation>Toque la pantalla para empezar</translation>
    </message>
    <message>
        <source>マイナンバーカード（個人番号カード）の申請ができます</source>
        <translation>Aquí puede solicitar la Tarjeta My Number (マイナンバーカード / 個人番号カード)</translation>
    </message>
    <message>
        <source>はじめる</source>
        <translation>Empezar</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Foto {fee} yenes</translation>
    </message>
    <message>
        <source>文字を大きく</source>
        <translation>Letra grande</translation>
    </message>
    <message>
        <source>白黒はっきり</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <source>ゆっくり操作</source>
        <translation>Más tiempo</translation>
    </message>
    <message>
        <source>低い位置で操作</source>
        <translation>Botones abajo</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>Qué necesita</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>El aviso de caducidad o el formulario con código QR</translation>
    </message>
    <message>
        <source>写真はここで撮影</source>
        <translation>La foto se hace aquí</translation>
    </message>
    <message>
        <source>撮った写真を確かめてから申請します。</source>
        <translation>Revisa la foto antes de enviar la solicitud.</translation>
    </message>
    <message>
        <source>カードの申請は無料</source>
        <translation>La tarjeta es gratis</translation>
    </message>
    <message>
        <source>お支払いは写真代だけです。</source>
        <translation>Solo paga la foto.</translation>
    </message>
</context>
<context>
    <name>CameraScreen</name>
    <message>
        <source>撮影</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>撮影する</source>
        <translation>Tomar foto</translation>
    </message>
    <message>
        <source>画面は鏡のように左右反対に映ります。撮影は3秒後です。</source>
        <translation>La pantalla le muestra como un espejo. La foto se toma 3 segundos después de pulsar.</translation>
    </message>
</context>
<context>
    <name>CancelScreen</name>
    <message>
        <source>中止しました</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>申請を受け付けられませんでした</source>
        <translation>No se pudo aceptar su solicitud</translation>
    </message>
    <message>
        <source>時間が過ぎたため中止しました</source>
        <translation>Cancelado porque se acabó el tiempo</translation>
    </message>
    <message>
        <source>申請を中止しました</source>
        <translation>Su solicitud se ha cancelado</translation>
    </message>
    <message>
        <source>入れたお金：{n}円</source>
        <translation>Dinero introducido: {n} yenes</translation>
    </message>
    <message>
        <source>お釣りとして返したお金（お支払いのとき）：{n}円</source>
        <translation>Cambio devuelto al pagar: {n} yenes</translation>
    </message>
    <message>
        <source>いま返したお金：{n}円（返却口からお取りください）</source>
        <translation>Devuelto ahora: {n} yenes (recójalo en la bandeja de devolución)</translation>
    </message>
    <message>
        <source>お金の一部 {n}円を返せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>No pudimos devolverle {n} yenes. Muestre este número al personal: {code}</translation>
    </message>
    <message>
        <source>合計 {n}円をすべて返しました。</source>
        <translation>Se han devuelto los {n} yenes en total.</translation>
    </message>
    <message>
        <source>お金を返しています…</source>
        <translation>Devolviendo su dinero…</translation>
    </message>
    <message>
        <source>お金は入っていません。</source>
        <translation>No se introdujo dinero.</translation>
    </message>
    <message>
        <source>お返ししたお金</source>
        <translation>Dinero devuelto</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} yenes</translation>
    </message>
    <message>
        <source>お忘れ物はありませんか？通知書とお金をお取りください。</source>
        <translation>¿Lo tiene todo? Recoja su aviso y su dinero.</translation>
    </message>
</context>
<context>
    <name>Checks</name>
    <message>
        <source>顔が横や上下を向いているか、傾いています。正面を向いてください。</source>
        <translation>Su cara está girada o inclinada. Mire de frente.</translation>
    </message>
    <message>
        <source>顔が写っていないか、二人以上写っています。</source>
        <translation>No aparece ninguna cara, o aparece más de una.</translation>
    </message>
    <message>
        <source>帽子などで頭が隠れています。</source>
        <translation>Algo le cubre la cabeza, por ejemplo un sombrero.</translation>
    </message>
    <message>
        <source>サングラスや色の濃い眼鏡で目が見えません。</source>
        <translation>No se le ven los ojos (gafas de sol u oscuras).</translation>
    </message>
    <message>
        <source>目が閉じています。</source>
        <translation>Tiene los ojos cerrados.</translation>
    </message>
    <message>
        <source>背景に物や模様が写っています。</source>
        <translation>Hay objetos o dibujos en el fondo.</translation>
    </message>
    <message>
        <source>背景に影があります。</source>
        <translation>Hay una sombra en el fondo.</translation>
    </message>
    <message>
        <source>写真がぼやけています。動かないでください。</source>
        <translation>La foto está borrosa. No se mueva.</translation>
    </message>
    <message>
        <source>明るすぎるか暗すぎます。</source>
        <translation>La foto está demasiado clara u oscura.</translation>
    </message>
    <message>
        <source>顔の大きさが規格に合いません。前後の位置を直してください。</source>
        <translation>Su cara no tiene el tamaño correcto. Acérquese o aléjese un poco.</translation>
    </message>
    <message>
        <source>顔が中央にありません。</source>
        <translation>Su cara no está en el centro.</translation>
    </message>
    <message>
        <source>口が開いています（歯が見えています）。口を閉じてください。</source>
        <translation>Tiene la boca abierta (se ven los dientes). Cierre la boca.</translation>
    </message>
    <message>
        <source>頭の上の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>El espacio sobre la cabeza no cumple la norma. Ajuste la altura del asiento.</translation>
    </message>
    <message>
        <source>あごの下の余白が規格に合いません。いすの高さを直してください。</source>
        <translation>El espacio bajo la barbilla no cumple la norma. Ajuste la altura del asiento.</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <source>内容を確認して送信してください</source>
        <translation>Revise sus datos y envíe</translation>
    </message>
    <message>
        <source>申請書ID</source>
        <translation>ID de solicitud (申請書ID)</translation>
    </message>
    <message>
        <source>生年月日</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <source>署名用電子証明書</source>
        <translation>Certificado de firma</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書</source>
        <translation>Certificado de usuario</translation>
    </message>
    <message>
        <source>点字表記</source>
        <translation>Nombre en braille</translation>
    </message>
    <message>
        <source>入力をなおす</source>
        <translation>Corregir datos</translation>
    </message>
    <message>
        <source>写真を撮り直す</source>
        <translation>Repetir la foto</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Sí, lo quiero</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>No, gracias</translation>
    </message>
    <message>
        <source>{era}元年</source>
        <translation>{era} 1</translation>
    </message>
    <message>
        <source>{era}{n}年</source>
        <translation>{era} {n}</translation>
    </message>
    <message>
        <source>{y}年{m}月{d}日（{era}）</source>
        <translation>{d}/{m}/{y} ({era})</translation>
    </message>
</context>
<context>
    <name>DetailsScreen</name>
    <message>
        <source>生まれた年を入力してください。</source>
        <translation>Introduzca el año en que nació.</translation>
    </message>
    <message>
        <source>この年はありません。年号と年を確かめてください。</source>
        <translation>Ese año no existe. Revise la era y el año.</translation>
    </message>
    <message>
        <source>生まれた月を選んでください。</source>
        <translation>Elija el mes en que nació.</translation>
    </message>
    <message>
        <source>生まれた日を選んでください。</source>
        <translation>Elija el día en que nació.</translation>
    </message>
    <message>
        <source>それぞれ「希望する」か「希望しない」を選んでください。</source>
        <translation>Elija «Sí, lo quiero» o «No, gracias» en cada uno.</translation>
    </message>
    <message>
        <source>「希望する」か「希望しない」を選んでください。</source>
        <translation>Elija «Sí, lo quiero» o «No, gracias».</translation>
    </message>
    <message>
        <source>未来の日付は入力できません。</source>
        <translation>No puede introducir una fecha futura.</translation>
    </message>
    <message>
        <source>この生年月日は受け付けられません。確かめてください。</source>
        <translation>No se puede aceptar esta fecha de nacimiento. Revísela.</translation>
    </message>
    <message>
        <source>その日付はこの年号にありません。年号と年を確かめてください。</source>
        <translation>Esa fecha no está en esa era. Revise la era y el año.</translation>
    </message>
    <message>
        <source>その月にその日はありません。</source>
        <translation>Ese mes no tiene ese día.</translation>
    </message>
    <message>
        <source>1歳未満のお子さまは写真が不要です。この機械では申請できません。お住まいの市区町村の窓口か郵送で申請してください（入れたお金は「やめる」で返します）。</source>
        <translation>Los menores de 1 año no necesitan foto, por eso no pueden solicitarla aquí. Solicítela en el ayuntamiento o por correo (pulse «Cancelar» para recuperar su dinero).</translation>
    </message>
    <message>
        <source>まだ入力していない項目があります。</source>
        <translation>Aún faltan datos por rellenar.</translation>
    </message>
    <message>
        <source>生年月日を入力します。生まれた年を選んでください（年号または西暦）。</source>
        <translation>Su fecha de nacimiento: primero elija el año (era japonesa o año occidental).</translation>
    </message>
    <message>
        <source>電子証明書の発行を希望しますか？（わからないときは「希望する」がおすすめです）</source>
        <translation>¿Quiere los certificados electrónicos? (Si no está seguro, le recomendamos «Sí, lo quiero».)</translation>
    </message>
    <message>
        <source>カードに氏名の点字表記を希望しますか？</source>
        <translation>¿Quiere su nombre en braille en la tarjeta?</translation>
    </message>
    <message>
        <source>西暦 {y} 年</source>
        <translation>Año {y}</translation>
    </message>
    <message>
        <source>{era} {y} 年（西暦 {w} 年）</source>
        <translation>{era} {y} (= {w})</translation>
    </message>
    <message>
        <source>{era} {y} 年</source>
        <translation>{era} {y}</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）
15歳未満の方には発行されないため、選べません。</source>
        <translation>Certificado de firma (su «sello oficial» para trámites y contratos por internet)
No se emite a menores de 15 años, por eso no puede elegirlo.</translation>
    </message>
    <message>
        <source>署名用電子証明書（インターネットで申請や契約をするときの「実印」にあたるもの）</source>
        <translation>Certificado de firma (su «sello oficial» para trámites y contratos por internet)</translation>
    </message>
    <message>
        <source>利用者証明用電子証明書（コンビニでの証明書の受け取りやログインに使うもの）</source>
        <translation>Certificado de usuario (para iniciar sesión por internet y sacar documentos en tiendas de conveniencia)</translation>
    </message>
    <message>
        <source>点字表記を選ぶと、次へ進みます。</source>
        <translation>Al elegir la opción de braille, pasará al siguiente paso.</translation>
    </message>
    <message>
        <source>次へ</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>西暦</source>
        <translation>Año occidental</translation>
    </message>
    <message>
        <source>明治</source>
        <translation>Meiji (明治)</translation>
    </message>
    <message>
        <source>大正</source>
        <translation>Taisho (大正)</translation>
    </message>
    <message>
        <source>昭和</source>
        <translation>Showa (昭和)</translation>
    </message>
    <message>
        <source>平成</source>
        <translation>Heisei (平成)</translation>
    </message>
    <message>
        <source>令和</source>
        <translation>Reiwa (令和)</translation>
    </message>
    <message>
        <source>必要事項の入力</source>
        <translation>Sus datos</translation>
    </message>
    <message>
        <source>{m}月</source>
        <translation>{m}</translation>
    </message>
    <message>
        <source>年</source>
        <translation>Año</translation>
    </message>
    <message>
        <source>{y}年</source>
        <translation>{y}</translation>
    </message>
    <message>
        <source>{era}{y}年</source>
        <translation>{era} {y}</translation>
    </message>
    <message>
        <source>月</source>
        <translation>Mes</translation>
    </message>
    <message>
        <source>{d}日</source>
        <translation>Día {d}</translation>
    </message>
    <message>
        <source>日</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>希望する（おすすめ）</source>
        <translation>Sí (recomendado)</translation>
    </message>
    <message>
        <source>希望する</source>
        <translation>Sí, lo quiero</translation>
    </message>
    <message>
        <source>希望しない</source>
        <translation>No, gracias</translation>
    </message>
    <message>
        <source>戻る</source>
        <translation>Atrás</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Recibo impreso</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Imprimir un recibo</translation>
    </message>
    <message>
        <source>申請を受け付けました</source>
        <translation>Solicitud recibida</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>申請が完了しました</source>
        <translation>Su solicitud está completa</translation>
    </message>
    <message>
        <source>受付番号</source>
        <translation>Número de recepción</translation>
    </message>
    <message>
        <source>控えの番号</source>
        <translation>Su código de comprobante</translation>
    </message>
    <message>
        <source>受付済み・送信待ち</source>
        <translation>Recibida, pendiente de envío</translation>
    </message>
    <message>
        <source>申請はこの機械に安全に保存され、通信が回復しだい自動で送信されます。控えの番号：</source>
        <translation>Su solicitud está guardada con seguridad en esta cabina y se enviará sola cuando vuelva la conexión. Su código de comprobante:</translation>
    </message>
    <message>
        <source>これからの流れ：
・約1か月後、お住まいの市区町村から「交付通知書」が届きます。
・交付通知書と本人確認書類を持って、市区町村の窓口でカードを受け取ってください。
・この画面の写真を撮っておくと便利です。</source>
        <translation>Qué pasa ahora:
• En un mes aproximadamente, su ayuntamiento le enviará un aviso de emisión (交付通知書).
• Lleve ese aviso y un documento de identidad al ayuntamiento para recoger su tarjeta.
• Consejo: haga una foto de esta pantalla.</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>No pudimos darle {n} yenes de su cambio. Muestre este número al personal: {code}</translation>
    </message>
    <message>
        <source>今日：申請</source>
        <translation>Hoy: solicitud hecha</translation>
    </message>
    <message>
        <source>今日：受付（送信待ち）</source>
        <translation>Hoy: recibida (pendiente de envío)</translation>
    </message>
    <message>
        <source>約1か月後：交付通知書が届く</source>
        <translation>En un mes aprox.: llega el aviso (交付通知書)</translation>
    </message>
    <message>
        <source>窓口でカードを受け取る</source>
        <translation>Recoja la tarjeta en la oficina</translation>
    </message>
</context>
<context>
    <name>Guidance</name>
    <message>
        <source>顔を枠の中に入れてください</source>
        <translation>Ponga la cara dentro del contorno</translation>
    </message>
    <message>
        <source>お一人で写ってください</source>
        <translation>Solo una persona, por favor</translation>
    </message>
    <message>
        <source>もう少し前へ</source>
        <translation>Acérquese un poco</translation>
    </message>
    <message>
        <source>もう少し後ろへ</source>
        <translation>Aléjese un poco</translation>
    </message>
    <message>
        <source>もう少し左へ</source>
        <translation>Muévase un poco a la izquierda</translation>
    </message>
    <message>
        <source>もう少し右へ</source>
        <translation>Muévase un poco a la derecha</translation>
    </message>
    <message>
        <source>もう少し上へ（いすを高く）</source>
        <translation>Un poco más arriba (suba el asiento)</translation>
    </message>
    <message>
        <source>もう少し下へ（いすを低く）</source>
        <translation>Un poco más abajo (baje el asiento)</translation>
    </message>
    <message>
        <source>正面を向いてください</source>
        <translation>Mire de frente</translation>
    </message>
    <message>
        <source>頭をまっすぐにしてください</source>
        <translation>Ponga la cabeza recta</translation>
    </message>
    <message>
        <source>帽子を外してください</source>
        <translation>Quítese el sombrero</translation>
    </message>
    <message>
        <source>サングラスを外してください</source>
        <translation>Quítese las gafas de sol</translation>
    </message>
    <message>
        <source>目を開けてください</source>
        <translation>Abra los ojos</translation>
    </message>
    <message>
        <source>動かないでください</source>
        <translation>No se mueva</translation>
    </message>
    <message>
        <source>明るさが足りません。顔を上げてください</source>
        <translation>Falta luz. Levante la cara</translation>
    </message>
    <message>
        <source>明るすぎます。係員にお知らせください</source>
        <translation>Demasiada luz. Avise al personal</translation>
    </message>
    <message>
        <source>口を閉じてください</source>
        <translation>Cierre la boca, por favor</translation>
    </message>
    <message>
        <source>後ろのカーテンを閉め、影が写らないようにしてください</source>
        <translation>Cierre la cortina de detrás y evite las sombras</translation>
    </message>
    <message>
        <source>後ろに物や人が写らないようにしてください</source>
        <translation>Que no haya objetos ni personas detrás de usted</translation>
    </message>
    <message>
        <source>よい姿勢です。「撮影する」を押してください</source>
        <translation>Bien. Pulse «Tomar foto»</translation>
    </message>
    <message>
        <source>よい姿勢です。そのまま動かないでください</source>
        <translation>Muy bien. No se mueva</translation>
    </message>
</context>
<context>
    <name>GuideScreen</name>
    <message>
        <source>写真の撮り方</source>
        <translation>Cómo sentarse para la foto</translation>
    </message>
    <message>
        <source>・いすの高さを合わせ、顔を画面の枠に入れてください。
・正面を向き、背すじを伸ばしてください。
・帽子、サングラスは外してください（宗教・医療上の理由は後で申し出られます）。
・前髪で目や眉を隠さないでください。
・口を閉じ、目を開けてください。</source>
        <translation>• Ajuste el asiento y ponga la cara dentro del contorno de la pantalla.
• Mire de frente y siéntese recto.
• Quítese sombrero y gafas de sol (por motivos religiosos o médicos, puede indicarlo después).
• Que el pelo no tape los ojos ni las cejas.
• Cierre la boca y abra los ojos.</translation>
    </message>
    <message>
        <source>撮影に進む</source>
        <translation>Ir a la foto</translation>
    </message>
    <message>
        <source>よい例</source>
        <translation>Bien</translation>
    </message>
    <message>
        <source>帽子</source>
        <translation>Gorra</translation>
    </message>
    <message>
        <source>サングラス</source>
        <translation>Gafas de sol</translation>
    </message>
    <message>
        <source>横向き</source>
        <translation>De lado</translation>
    </message>
    <message>
        <source>影</source>
        <translation>Sombra</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>マイナンバー総合フリーダイヤル {line}（平日 9:30〜20:00、土日祝 9:30〜17:30）
外国語 {foreign}&#x3000;一部IP電話等 050-3818-1250</source>
        <translation>Línea de ayuda My Number (マイナンバー総合フリーダイヤル) {line} (laborables 9:30–20:00, fines de semana y festivos 9:30–17:30)
Otros idiomas {foreign}   Algunos teléfonos IP: 050-3818-1250</translation>
    </message>
    <message>
        <source>この機械の管理者：{contact}</source>
        <translation>Responsable de esta cabina: {contact}</translation>
    </message>
    <message>
        <source>この機械の管理者：店舗の係員にお声がけください</source>
        <translation>Esta cabina: pregunte al personal de la tienda</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <source>1字消す</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>全部消す</source>
        <translation>Borrar todo</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <source>閉じる</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>証明写真は、ただいま利用できません（{reason}）。</source>
        <translation>Las fotos de carné no están disponibles ahora ({reason}).</translation>
    </message>
    <message>
        <source>プリンターの調整中</source>
        <translation>impresora en mantenimiento</translation>
    </message>
    <message>
        <source>プリンターがありません</source>
        <translation>no hay impresora</translation>
    </message>
    <message>
        <source>紙づまり</source>
        <translation>atasco de papel</translation>
    </message>
    <message>
        <source>プリンターの扉が開いています</source>
        <translation>la puerta de la impresora está abierta</translation>
    </message>
    <message>
        <source>インクリボン切れ</source>
        <translation>sin cinta de tinta</translation>
    </message>
    <message>
        <source>用紙切れ</source>
        <translation>sin papel</translation>
    </message>
    <message>
        <source>証明写真
（履歴書・パスポート・免許証など）</source>
        <translation>Fotos de carné
(currículum, pasaporte, permiso de conducir)</translation>
    </message>
    <message>
        <source>サービスを選んでください</source>
        <translation>Elija un servicio</translation>
    </message>
    <message>
        <source>個人番号カード申請
（マイナンバーカード）</source>
        <translation>Solicitar la Tarjeta My Number
(マイナンバーカード)</translation>
    </message>
    <message>
        <source>申請には、有効期限通知書または交付申請書のQRコード（申請書ID）が必要です。</source>
        <translation>Necesita el código QR (ID de solicitud / 申請書ID) del aviso de caducidad o del formulario de solicitud que recibió.</translation>
    </message>
    <message>
        <source>最初に戻る</source>
        <translation>Volver al inicio</translation>
    </message>
    <message>
        <source>{fee}円から</source>
        <translation>Desde {fee} yenes</translation>
    </message>
    <message>
        <source>カードを申請する</source>
        <translation>Solicitar la tarjeta</translation>
    </message>
    <message>
        <source>写真代 {fee}円　申請は無料</source>
        <translation>Foto {fee} yenes, la tarjeta es gratis</translation>
    </message>
    <message>
        <source>証明写真を印刷する</source>
        <translation>Imprimir fotos de carné</translation>
    </message>
</context>
<context>
    <name>NotesNotice</name>
    <message>
        <source>{n}円</source>
        <translation>{n} yenes</translation>
    </message>
    <message>
        <source>お札 {n}円をお預かりしています（取り消すとお返しします）</source>
        <translation>Su billete de {n} yenes está retenido (si cancela, se le devuelve)</translation>
    </message>
    <message>
        <source>使えるお札：{notes}</source>
        <translation>Billetes aceptados: {notes}</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>お釣りが足りないため、このお札は使えません。お札をお取りください。</source>
        <translation>No hay cambio suficiente para este billete. Retire su billete.</translation>
    </message>
    <message>
        <source>このお札は読み取れませんでした。お札をお取りください。</source>
        <translation>No se pudo leer este billete. Retire su billete.</translation>
    </message>
    <message>
        <source>このお札はいま使えません。お札をお取りください。</source>
        <translation>Este billete no se puede usar ahora. Retire su billete.</translation>
    </message>
</context>
<context>
    <name>NoticeScreen</name>
    <message>
        <source>はじめにお読みください</source>
        <translation>Lea esto primero</translation>
    </message>
    <message>
        <source>同意して進む</source>
        <translation>Aceptar y seguir</translation>
    </message>
    <message>
        <source>写真代 {fee}円</source>
        <translation>Foto {fee} yenes</translation>
    </message>
    <message>
        <source>カードの申請は無料です。</source>
        <translation>La tarjeta es gratis.</translation>
    </message>
    <message>
        <source>申請先へ送るもの</source>
        <translation>Lo que se envía a la oficina</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>Su ID de solicitud (申請書ID), fecha de nacimiento y foto</translation>
    </message>
    <message>
        <source>この機械には残りません</source>
        <translation>Nada queda en esta cabina</translation>
    </message>
    <message>
        <source>送信が確認できしだい消去します。</source>
        <translation>Se borra al confirmarse la entrega.</translation>
    </message>
    <message>
        <source>やめるとお金を返します</source>
        <translation>Si para, recupera el dinero</translation>
    </message>
    <message>
        <source>途中でやめると、入れたお金はすべて返します。</source>
        <translation>Si lo deja a medias, se le devuelve todo el dinero.</translation>
    </message>
    <message>
        <source>必要なもの</source>
        <translation>Qué necesita</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書（QRコード付き）</source>
        <translation>El aviso de caducidad o el formulario con código QR</translation>
    </message>
</context>
<context>
    <name>OutOfServiceScreen</name>
    <message>
        <source>ただいま使用できません</source>
        <translation>Fuera de servicio</translation>
    </message>
    <message>
        <source>申し訳ありません。この機械はただいま使用できません。
Sorry, this booth is out of service.</source>
        <translation>Lo sentimos, esta cabina no se puede usar ahora.</translation>
    </message>
    <message>
        <source>入れたお金と申請は失われません。お金は返すか機械の中に安全に保管し、申請は安全に保存して、通信が回復しだい送信します。</source>
        <translation>Su dinero y su solicitud están a salvo. El dinero se devuelve o se guarda de forma segura en la cabina; la solicitud se guarda de forma segura y se envía en cuanto vuelva la conexión.</translation>
    </message>
    <message>
        <source>お金は機械の中に安全に保管されています。係員にこの番号をお伝えください：{code}（{n}円）</source>
        <translation>Su dinero está seguro dentro de la cabina. Muestre este código al personal: {code} ({n} yenes)</translation>
    </message>
    <message>
        <source>理由：{r}</source>
        <translation>Motivo: {r}</translation>
    </message>
    <message>
        <source>お金と申請は安全です</source>
        <translation>Su dinero y su solicitud están seguros</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Personal y contacto</translation>
    </message>
</context>
<context>
    <name>PaymentScreen</name>
    <message>
        <source>写真代を入れてください</source>
        <translation>Introduzca el precio de la foto</translation>
    </message>
    <message>
        <source>写真代</source>
        <translation>Precio de la foto</translation>
    </message>
    <message>
        <source>入れた金額</source>
        <translation>Introducido</translation>
    </message>
    <message>
        <source>あと</source>
        <translation>Falta</translation>
    </message>
    <message>
        <source>{n}円</source>
        <translation>{n} yenes</translation>
    </message>
    <message>
        <source>・</source>
        <translation>, </translation>
    </message>
    <message>
        <source>使える硬貨：{coins}</source>
        <translation>Monedas aceptadas: {coins}</translation>
    </message>
    <message>
        <source>硬貨の受付を準備しています。少しお待ちください。</source>
        <translation>Preparando la entrada de monedas. Espere un momento, por favor.</translation>
    </message>
    <message>
        <source>ただいまお釣りが出ません。ちょうどの金額を入れてください（大きい硬貨は受け付けません）。</source>
        <translation>Ahora no hay cambio. Introduzca el importe exacto (no se aceptan monedas grandes).</translation>
    </message>
    <message>
        <source>お釣り {n}円をお取りください</source>
        <translation>Recoja su cambio: {n} yenes</translation>
    </message>
    <message>
        <source>ありがとうございます</source>
        <translation>Gracias</translation>
    </message>
    <message>
        <source>お釣り {n}円</source>
        <translation>Cambio {n} yenes</translation>
    </message>
    <message>
        <source>お釣りの一部 {n}円を出せませんでした。係員にこの番号をお伝えください：{code}</source>
        <translation>No pudimos darle {n} yenes de su cambio. Muestre este número al personal: {code}</translation>
    </message>
</context>
<context>
    <name>PrintedScreen</name>
    <message>
        <source>領収書を印刷しました</source>
        <translation>Recibo impreso</translation>
    </message>
    <message>
        <source>領収書を印刷</source>
        <translation>Imprimir un recibo</translation>
    </message>
    <message>
        <source>終わる</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚の写真があります。</source>
        <translation>La hoja tiene {n} fotos.</translation>
    </message>
    <message>
        <source>取り出し口から写真をお取りください。</source>
        <translation>Retire sus fotos por la salida.</translation>
    </message>
    <message>
        <source>印刷が終わりました</source>
        <translation>Impresión terminada</translation>
    </message>
    <message>
        <source>切り取り線で切ってください</source>
        <translation>Corte por las guías</translation>
    </message>
    <message>
        <source>線に沿って切ると、ちょうどのサイズになります。</source>
        <translation>Si corta por las líneas, cada foto queda del tamaño exacto.</translation>
    </message>
    <message>
        <source>写真のデータは残りません</source>
        <translation>Su foto no se guarda</translation>
    </message>
    <message>
        <source>終わると、この機械から消去します。</source>
        <translation>Se borra de esta cabina al terminar.</translation>
    </message>
</context>
<context>
    <name>PrintingScreen</name>
    <message>
        <source>写真を印刷しています…</source>
        <translation>Imprimiendo sus fotos…</translation>
    </message>
    <message>
        <source>印刷しています</source>
        <translation>Imprimiendo</translation>
    </message>
    <message>
        <source>1枚の用紙に{n}枚</source>
        <translation>{n} fotos en una hoja</translation>
    </message>
    <message>
        <source>取り出し口に出てきます</source>
        <translation>Saldrán por la bandeja</translation>
    </message>
    <message>
        <source>印刷が終わるまで、手を入れないでください。</source>
        <translation>No meta la mano hasta que termine la impresión.</translation>
    </message>
    <message>
        <source>そのままお待ちください</source>
        <translation>Espere, por favor</translation>
    </message>
    <message>
        <source>印刷できなかったときは、お金を返します。</source>
        <translation>Si no se puede imprimir, se le devuelve el dinero.</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <source>写真の確認</source>
        <translation>Revise su foto</translation>
    </message>
    <message>
        <source>宗教上の理由</source>
        <translation>Motivos religiosos</translation>
    </message>
    <message>
        <source>医療上の理由</source>
        <translation>Motivos médicos</translation>
    </message>
    <message>
        <source>障害などの理由</source>
        <translation>Discapacidad u otros</translation>
    </message>
    <message>
        <source>乳幼児のため</source>
        <translation>Bebé o niño pequeño</translation>
    </message>
    <message>
        <source>理由があり規格どおりに撮れない</source>
        <translation>Tengo un motivo para no cumplir las normas</translation>
    </message>
    <message>
        <source>撮り直す（あと{n}回）</source>
        <translation>Repetir (quedan {n})</translation>
    </message>
    <message>
        <source>この写真は規格に合わない可能性があります</source>
        <translation>Puede que esta foto no cumpla las normas</translation>
    </message>
    <message>
        <source>撮り直してください。宗教・医療上の理由などで規格どおりに撮れない場合は、理由を選ぶと送信できます。その場合は申請書IDを添えて市区町村にお申し出ください。</source>
        <translation>Repítala. Si no puede cumplir las normas por motivos religiosos, médicos u otros, elija el motivo y podrá enviarla. Después comuníquelo a su ayuntamiento con su ID de solicitud (申請書ID).</translation>
    </message>
    <message>
        <source>理由を申し出て、この写真を使う</source>
        <translation>Indicar el motivo y usar esta foto</translation>
    </message>
    <message>
        <source>この写真を使う</source>
        <translation>Usar esta foto</translation>
    </message>
    <message>
        <source>きれいに撮れました</source>
        <translation>Su foto ha salido bien</translation>
    </message>
    <message>
        <source>この写真がそのまま申請に使われます。</source>
        <translation>Esta foto se usará para su solicitud.</translation>
    </message>
    <message>
        <source>正面を向いて、一人で写っています</source>
        <translation>De frente y una sola persona</translation>
    </message>
    <message>
        <source>目が開き、帽子やサングラスがなく、口を閉じています</source>
        <translation>Ojos abiertos, sin gorro ni gafas de sol, boca cerrada</translation>
    </message>
    <message>
        <source>背景は無地で、影がありません</source>
        <translation>Fondo liso y sin sombras</translation>
    </message>
    <message>
        <source>顔の大きさと位置、上下の余白が規格どおりです</source>
        <translation>Tamaño, posición y márgenes de la cara según la norma</translation>
    </message>
    <message>
        <source>ピントと明るさが適切です</source>
        <translation>Nítida y bien iluminada</translation>
    </message>
</context>
<context>
    <name>ScanScreen</name>
    <message>
        <source>QRコードを読み取ります</source>
        <translation>Leer el código QR</translation>
    </message>
    <message>
        <source>QRコードを下の読み取り口にかざしてください</source>
        <translation>Ponga el código QR sobre el lector de abajo</translation>
    </message>
    <message>
        <source>有効期限通知書または交付申請書の「交付申請用QRコード」です。</source>
        <translation>Es el código QR de solicitud de la tarjeta, en el aviso de caducidad o en el formulario.</translation>
    </message>
    <message>
        <source>QRコードの近くに印刷された申請書ID（23桁の数字）を入力してください。</source>
        <translation>Escriba el ID de solicitud (申請書ID): los 23 dígitos impresos junto al código QR.</translation>
    </message>
    <message>
        <source>QRコードで読み取る</source>
        <translation>Leer el código QR</translation>
    </message>
    <message>
        <source>番号を入力する</source>
        <translation>Escribir el número</translation>
    </message>
    <message>
        <source>この番号で進む</source>
        <translation>Usar este número</translation>
    </message>
    <message>
        <source>{n} / 23 桁</source>
        <translation>{n} / 23 dígitos</translation>
    </message>
    <message>
        <source>この QR コードは申請用ではありません。通知書や申請書の QR コードをかざしてください。</source>
        <translation>Este código QR no es de solicitud. Muestre el código QR del aviso o del formulario.</translation>
    </message>
    <message>
        <source>申請書IDは23桁です。番号を確かめてください。</source>
        <translation>El ID de solicitud (申請書ID) tiene 23 dígitos. Revise el número.</translation>
    </message>
    <message>
        <source>読み取った内容に申請書IDが複数あります。申請用の QR コードをかざしてください。</source>
        <translation>Este código tiene más de un ID de solicitud. Muestre el código QR de solicitud.</translation>
    </message>
    <message>
        <source>読み取れませんでした。もう一度ゆっくりかざしてください。</source>
        <translation>No se pudo leer. Vuelva a ponerlo bajo el lector, despacio.</translation>
    </message>
    <message>
        <source>読み取れないときは「番号を入力する」を押して、23桁の番号を入力できます。</source>
        <translation>Si no se puede leer, pulse «Escribir el número» e introduzca los 23 dígitos.</translation>
    </message>
    <message>
        <source>読み取りました</source>
        <translation>Leído</translation>
    </message>
    <message>
        <source>有効期限通知書</source>
        <translation>Aviso de caducidad</translation>
    </message>
    <message>
        <source>交付申請書</source>
        <translation>Formulario de solicitud</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <source>音声オフ</source>
        <translation>Voz: no</translation>
    </message>
    <message>
        <source>音声オン</source>
        <translation>Voz: sí</translation>
    </message>
    <message>
        <source>音量 {n}</source>
        <translation>Volumen {n}</translation>
    </message>
    <message>
        <source>この画面の使い方</source>
        <translation>Cómo usar esta pantalla</translation>
    </message>
    <message>
        <source>係員・問い合わせ先</source>
        <translation>Personal y contacto</translation>
    </message>
    <message>
        <source>閉じる</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>やめると、入れたお金 {n}円を返します。</source>
        <translation>Si cancela, se le devuelven los {n} yenes introducidos.</translation>
    </message>
    <message>
        <source>（お釣り {c}円はお支払いのときにお返ししました）</source>
        <translation>(el cambio de {c} yenes se le devolvió al pagar)</translation>
    </message>
    <message>
        <source>やめる</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>手続きをやめますか？</source>
        <translation>¿Cancelar el trámite?</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Parar (devolver dinero)</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>ヘルプ</source>
        <translation>Ayuda</translation>
    </message>
</context>
<context>
    <name>SendingScreen</name>
    <message>
        <source>つながりません。もう一度試しています（{n}回目）。お金と申請は失われません。</source>
        <translation>No se puede conectar. Intentándolo de nuevo (intento {n}). Su dinero y su solicitud están a salvo.</translation>
    </message>
    <message>
        <source>安全に保存</source>
        <translation>Guardado seguro</translation>
    </message>
    <message>
        <source>接続</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>送信</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>受付を待つ</source>
        <translation>Esperando recepción</translation>
    </message>
    <message>
        <source>受付完了</source>
        <translation>Recibido</translation>
    </message>
    <message>
        <source>送信しています</source>
        <translation>Enviando</translation>
    </message>
    <message>
        <source>申請を送信しています…</source>
        <translation>Enviando su solicitud…</translation>
    </message>
    <message>
        <source>そのままお待ちください。お金と申請は失われません。</source>
        <translation>Espere, por favor. Su dinero y su solicitud están seguros.</translation>
    </message>
    <message>
        <source>暗号化して送ります</source>
        <translation>Se envía cifrado</translation>
    </message>
    <message>
        <source>申請書ID、生年月日、顔写真</source>
        <translation>Su ID de solicitud (申請書ID), fecha de nacimiento y foto</translation>
    </message>
    <message>
        <source>受付番号をお知らせします</source>
        <translation>Recibirá un número de recepción</translation>
    </message>
    <message>
        <source>受け付けられると、次の画面に受付番号が出ます。</source>
        <translation>Cuando se reciba, la siguiente pantalla lo mostrará.</translation>
    </message>
</context>
<context>
    <name>SizeScreen</name>
    <message>
        <source>戻る</source>
        <translation>Volver</translation>
    </message>
    <message>
        <source>同じ写真を1枚の用紙に何枚か印刷します。切り取り線に沿って切ってください。</source>
        <translation>Se imprimen varias copias de la misma foto en una hoja. Corte por las guías.</translation>
    </message>
    <message>
        <source>写真のサイズを選んでください</source>
        <translation>Elija el tamaño de la foto</translation>
    </message>
    <message>
        <source>{fee}円</source>
        <translation>{fee} yenes</translation>
    </message>
    <message>
        <source>選ぶ</source>
        <translation>Elegir</translation>
    </message>
</context>
<context>
    <name>StepHelp</name>
    <message>
        <source>受けたいサービスを選んでください。マイナンバーカードの申請は「個人番号カード申請」を押します。</source>
        <translation>Elija el servicio que desea. Para solicitar la Tarjeta My Number, pulse el botón de la Tarjeta My Number.</translation>
    </message>
    <message>
        <source>写真代と、申請で送る情報の説明です。読んだら「同意して進む」を押してください。この画面ではまだお金はかかりません。</source>
        <translation>Aquí se explican el precio de la foto y los datos que se envían. Cuando lo haya leído, pulse Aceptar y continuar. En esta pantalla todavía no se cobra nada.</translation>
    </message>
    <message>
        <source>硬貨を投入口に入れてください。入れた金額と、あといくら必要かが画面に出ます。多く入れた分はお釣りとして返却口に出ます。</source>
        <translation>Introduzca monedas por la ranura. La pantalla muestra cuánto ha introducido y cuánto falta. Lo que sobre se devuelve como cambio en la bandeja de devolución.</translation>
    </message>
    <message>
        <source>通知書や交付申請書のQRコードを、読み取り機にかざしてください。読めないときは、23桁の申請書IDを数字で入力できます。</source>
        <translation>Acerque el código QR de su aviso o formulario al lector. Si no se puede leer, puede escribir el ID de solicitud (申請書ID) de 23 cifras.</translation>
    </message>
    <message>
        <source>生年月日を入力し、電子証明書と点字の希望を選びます。電子証明書がわからないときは「希望する」のままで大丈夫です。</source>
        <translation>Introduzca su fecha de nacimiento y elija los certificados electrónicos y el braille. Si no está seguro de los certificados, déjelos en Sí.</translation>
    </message>
    <message>
        <source>点字表記は11文字までです。ここでは希望の有無だけを伺います。</source>
        <translation>El braille admite hasta 11 caracteres. Aquí solo preguntamos si lo quiere.</translation>
    </message>
    <message>
        <source>写真の撮り方の説明です。帽子やサングラスを外し、準備ができたら「撮影に進む」を押してください。</source>
        <translation>Aquí se explica cómo se toma la foto. Quítese el sombrero o las gafas de sol y pulse Ir a la foto cuando esté listo.</translation>
    </message>
    <message>
        <source>顔を枠に合わせ、正面を向いてください。「撮影する」を押すと3秒後に撮影します。</source>
        <translation>Ajuste la cara al contorno y mire al frente. La foto se toma 3 segundos después de pulsar Tomar foto.</translation>
    </message>
    <message>
        <source>撮った写真を確かめます。よければ「この写真を使う」を、撮り直すときは「撮り直す」を押してください。</source>
        <translation>Revise la foto. Si está bien, pulse Usar esta foto; para repetirla, pulse Repetir.</translation>
    </message>
    <message>
        <source>送る内容を確かめてください。よければ「送信」を押します。直すときは「入力をなおす」か「写真を撮り直す」を押します。</source>
        <translation>Revise lo que se enviará. Si es correcto, pulse Enviar. Para cambiar algo, pulse Corregir datos o Repetir la foto.</translation>
    </message>
    <message>
        <source>申請を送っています。そのままお待ちください。通信できなくても申請は安全に保存され、あとで送信されます。</source>
        <translation>Se está enviando su solicitud. Espere, por favor. Si falla la conexión, se guarda de forma segura y se envía más tarde.</translation>
    </message>
    <message>
        <source>申請が終わりました。番号を控えて「終わる」を押してください。</source>
        <translation>Su solicitud ha terminado. Anote el número y pulse Terminar.</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>お支払い</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>読み取り</source>
        <translation>Lectura</translation>
    </message>
    <message>
        <source>入力</source>
        <translation>Datos</translation>
    </message>
    <message>
        <source>撮影</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>確認・送信</source>
        <translation>Revisar y enviar</translation>
    </message>
    <message>
        <source>サイズ</source>
        <translation>Tamaño</translation>
    </message>
    <message>
        <source>印刷</source>
        <translation>Impresión</translation>
    </message>
</context>
<context>
    <name>TimeoutScreen</name>
    <message>
        <source>残り時間（秒）</source>
        <translation>segundos restantes</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、入れたお金 {n}円を返します。</source>
        <translation>No ha tocado nada durante un rato. Para seguir, pulse Continuar. Al llegar a 0 segundos se cancela el trámite y se le devuelven los {n} yenes introducidos.</translation>
    </message>
    <message>
        <source>しばらく操作がありませんでした。続けるときは「続ける」を押してください。0秒になると手続きをやめ、最初の画面に戻ります。</source>
        <translation>No ha tocado nada durante un rato. Para seguir, pulse Continuar. Al llegar a 0 segundos se cancela el trámite y se vuelve a la pantalla inicial.</translation>
    </message>
    <message>
        <source>続けますか？</source>
        <translation>¿Quiere continuar?</translation>
    </message>
    <message>
        <source>続ける</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <source>やめる（お金を返す）</source>
        <translation>Parar (devolver dinero)</translation>
    </message>
    <message>
        <source>入れたお金 {n}円</source>
        <translation>Dinero introducido: {n} yenes</translation>
    </message>
    <message>
        <source>お金は入っていません</source>
        <translation>No hay dinero introducido</translation>
    </message>
    <message>
        <source>「やめる」を押すと、すぐに返します。</source>
        <translation>Pulse Parar para recuperarlo ahora.</translation>
    </message>
    <message>
        <source>「やめる」を押すと、最初の画面に戻ります。</source>
        <translation>Pulse Parar para volver a la primera pantalla.</translation>
    </message>
</context>
</TS>
