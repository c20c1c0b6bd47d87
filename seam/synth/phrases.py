# ruff: noqa: E501  (phrase data: one sentence per line reads better than wrapped strings)
"""Phrase pools for the synthetic support conversations.

Every message body is one template from a pool, with at most two slots filled from
per-conversation values: ``{name}`` (customer first name), ``{agent}`` (agent first name),
``{ident}`` (the topic's identifier: order id, invoice id, account email, error code or app
version), ``{email}``, ``{phone}`` and ``{card}``. Templates are parsed once into five
pieces ``A, slot1, B, slot2, C`` so that bodies are assembled column-wise.

Pools are keyed by *kind* and indexed by *problem* (two problems per topic). Each kind is a
matrix ``[problem, variant]`` of global template numbers. Variants multiply the hand-written
sentences with greetings, fillers, emoji, lower-casing and typos.

The text is written so that the handoff rules are learnable but not trivial:

* re-explanations carry a repetition marker (``REPETITION_MARKERS``), follow a restate
  request, or reuse most content words of the customer's opening in other words/order;
* follow-ups, basics answers and thanks are short; new information uses new words;
* useful agent replies name an action, diagnosis or concrete step; greetings, holding
  messages, apologies (including long empathetic ones), restate requests and basics
  requests carry no substance;
* a few *ambiguous* pools break those surface cues on purpose (QA labels resolve them).
"""

from __future__ import annotations

import itertools
import re

import numpy as np

TOPICS: tuple[str, ...] = ("shipping", "billing", "account", "api", "refunds", "app_bug")
TOPIC_WEIGHTS = np.array([0.24, 0.15, 0.18, 0.10, 0.19, 0.14])
N_PROBLEMS = 2 * len(TOPICS)
IDENT_KEY = ("order_id", "invoice_id", "email", "error_code", "order_id", "app_version")

SLOTS = {"name": 1, "agent": 2, "ident": 3, "email": 4, "phone": 5, "card": 6}
_SLOT_RE = re.compile(r"\{(name|agent|ident|email|phone|card)\}")
_PLATFORM_WORDS = ("iphone", "android", "ios ", "web app", "windows", "chrome")

REPETITION_MARKERS: tuple[str, ...] = (
    "As I said,", "Like I already told the bot,", "Again:", "I already explained this:",
    "Wie gesagt,", "Como ya dije,", "Comme je l'ai déjà dit,", "As I mentioned before,",
    "For the third time,", "I said this already -", "like i said", "once again,",
)

AI_ACTIONS: tuple[tuple[str, ...], ...] = (
    ("check_order_status", "update_shipping_address", "open_carrier_claim"),
    ("resend_invoice", "retry_payment", "update_billing_details"),
    ("reset_password", "unlock_account", "send_recovery_link"),
    ("replay_webhooks", "check_service_status", "refresh_api_key_cache"),
    ("refund_order", "create_return_label", "cancel_order"),
    ("clear_app_cache", "check_app_version", "trigger_resync"),
)
AGENT_ONLY_ACTIONS: tuple[str, ...] = (
    "open_customer_profile", "add_internal_tag", "search_logs", "lookup_account",
    "apply_macro", "merge_tickets", "issue_goodwill_credit", "ping_l2_channel",
)

# --- per problem: (topic index, dict of kind -> sentences) --------------------------------
_PROBLEM_PHRASES: list[dict[str, list[str]]] = [
    {  # shipping: stuck in transit
        "open": [
            "Hi, my order {ident} has been stuck in transit for six days and the tracking hasn't updated since it left the warehouse.",
            "order {ident} stuck in transit?? tracking not updated for six days, last scan at the warehouse",
            "Hello, the tracking for my order has not updated in six days. It left the warehouse and now it's just stuck in transit.",
        ],
        "detail": ["I need it before the weekend, it's a birthday present.",
                   "You can reach me on {phone} if that's easier.",
                   "The tracking number from the confirmation email doesn't work either."],
        "para": [
            "The tracking page for order {ident} still shows it stuck in transit, nothing updated since it left the warehouse six days ago.",
            "So: left the warehouse six days ago, tracking never updated, order {ident} stuck in transit.",
            "My order {ident} is still stuck in transit and the tracking hasn't updated since the warehouse, six days now.",
        ],
        "short": ["order {ident} is stuck in transit and tracking hasn't updated in six days.",
                  "the tracking hasn't updated since the warehouse, my order is stuck in transit."],
        "useful": [
            "I checked with the carrier: {ident} was mis-sorted at the Memphis hub. I've reshipped it with express delivery and you'll get the new tracking link today.",
            "Hi {name}, the carrier confirmed {ident} is lost. I've issued a replacement that ships tomorrow with express delivery.",
            "Reshipped {ident} express, new tracking by email within 2 hours.",
        ],
        "ai": ["I checked order {ident}: the carrier shows it in transit. Deliveries can take up to 7 business days. Did that answer your question?"],
        "ai_resolve": ["Good news: the carrier just scanned {ident} at your local depot, it should arrive tomorrow. Anything else?"],
        "new_info": ["Oh and my delivery address changed last month to my office, could that matter?",
                     "One more thing: I'm away from Friday, can someone sign for it at reception?"],
        "summary": ["Customer reports order {ident} stuck in transit for 6 days; tracking not updated since warehouse."],
        "evidence": ["Carrier API: last scan 6 days ago, status IN_TRANSIT, no exception code."],
        "amb_para": ["Basically the parcel never showed up and nobody can tell me where it is.",
                     "so where's my stuff, it's been ages"],
    },
    {  # shipping: delivered but not received
        "open": [
            "My package for order {ident} is marked as delivered but I never received it. I checked with my neighbours.",
            "Package {ident} marked delivered but never received!! checked with the neighbours, nothing",
            "Hi, the package from my order is marked delivered but I never received it, and I checked with the neighbours.",
        ],
        "detail": ["Please call me on {phone}.", "There was no note or card left at the door.",
                   "My email for updates is {email}."],
        "para": [
            "Order {ident} is marked delivered, but I never received the package and the neighbours don't have it.",
            "The package was marked as delivered yet never received, I checked with the neighbours, order {ident}.",
            "Package for {ident}: marked delivered, never received, neighbours don't have it.",
        ],
        "short": ["the package for {ident} says delivered but I never received it.",
                  "it's marked delivered and I never received the package."],
        "useful": [
            "I opened a trace with the carrier for {ident} and since it's over 48h I've sent a replacement at no cost, arriving Thursday.",
            "Hi {name}! The driver's GPS shows {ident} was left at the wrong address. I've refunded the order in full; the refund lands in 3-5 days.",
            "Replacement for {ident} ships today, tracking link to follow.",
        ],
        "ai": ["Sometimes carriers mark a package as delivered a little early. Could you wait until end of day and check around your property?"],
        "ai_resolve": ["I've filed a missing-package claim for {ident}; you'll get an email with the outcome within 24 hours."],
        "new_info": ["Oh and there's a photo in the app showing a blue door, our door is white.",
                     "Also, a second parcel from you is due Friday, can that one go to a pickup point?"],
        "summary": ["Package for {ident} marked delivered but not received; neighbours checked."],
        "evidence": ["Carrier proof of delivery: photo at a different door, GPS 300 m from address."],
        "amb_para": ["nothing came. your driver says otherwise. it's not here.",
                     "I'm looking at an empty doormat right now"],
    },
    {  # billing: double charge
        "open": [
            "I was charged twice for my subscription this month, invoice {ident}. Same card both times, please refund one payment.",
            "Hi, subscription charged twice this month on invoice {ident}, same card, please refund one payment.",
            "I've been charged twice this month for the subscription. My card is {card}, please refund one payment.",
        ],
        "detail": ["My bank statement shows two payments on the same day.", "Phone: {phone}",
                   "The card is {card} if you need it."],
        "para": [
            "The subscription was charged twice this month on my card, invoice {ident}, please refund one payment.",
            "Invoice {ident}: subscription charged twice this month, same card.",
            "I see the subscription charged twice for this month on invoice {ident}, same card.",
        ],
        "short": ["I was charged twice for the subscription, invoice {ident}.",
                  "the subscription was charged twice this month."],
        "useful": [
            "I can see the duplicate charge on {ident}. I've refunded the second payment; it will show on your statement in 3-5 business days.",
            "Refunded the duplicate on {ident}, 3-5 days.",
            "Hi {name}, the double charge came from a retry during our payment outage. The extra charge on {ident} is refunded and won't happen again.",
        ],
        "ai": ["I see invoice {ident} on your account. Duplicate charges are often pending authorisations that drop off within 3 days."],
        "ai_resolve": ["I've confirmed only one charge for {ident} was captured; the other was an authorisation hold that's now released."],
        "new_info": ["Oh and can I switch to yearly billing from next month?",
                     "Unrelated, but our finance team wants receipts sent to a shared mailbox."],
        "summary": ["Duplicate subscription charge on {ident} this month."],
        "evidence": ["Payments: two captures 14:02 and 14:03 UTC, same amount, gateway retry."],
        "amb_para": ["why is my bank account short, you took money I didn't owe",
                     "you took it two times. why."],
    },
    {  # billing: wrong VAT / company details
        "open": [
            "Invoice {ident} is missing our VAT number and has the wrong company name, our accounting team can't process it.",
            "the VAT number is missing on invoice {ident} and the company name is wrong",
            "Hello, our invoice is missing the VAT number and the company name is wrong, accounting rejected it.",
        ],
        "detail": ["Our VAT number is DE811907980.", "Contact for invoices: {email}",
                   "We need it by the end of the quarter."],
        "para": [
            "Our accounting can't process invoice {ident} because the company name is wrong and the VAT number is missing.",
            "Company name wrong, VAT number missing, invoice {ident}, accounting needs it fixed.",
            "The invoice {ident} still has the wrong company name and no VAT number for accounting.",
        ],
        "short": ["invoice {ident} is missing the VAT number and has the wrong company name.",
                  "the company name is wrong and the VAT number is missing on the invoice."],
        "useful": [
            "I've reissued {ident} with your VAT number and the correct company name; the corrected PDF is on your billing page now.",
            "Corrected invoice for {ident} sent to your billing email.",
            "Hi {name}, fixed: {ident} now shows the VAT number and company name, and future invoices will too.",
        ],
        "ai": ["You can update company details under Settings > Billing. Changes apply to future invoices."],
        "ai_resolve": ["I've regenerated invoice {ident} with the details from your billing settings. You can download it now."],
        "new_info": ["We also moved offices, the new postcode is 10115 Berlin.",
                     "Oh and could purchase order numbers appear on future PDFs?"],
        "summary": ["Invoice {ident} missing VAT number, wrong company name."],
        "evidence": ["Billing profile has VAT field empty; company name last edited 3 months ago."],
        "amb_para": ["the paperwork you sent is useless for our bookkeeping",
                     "our finance people keep bouncing your document back"],
    },
    {  # account: reset email never arrives
        "open": [
            "I can't log in to my account and the password reset email never arrives. My login is {ident}.",
            "password reset email never arrives for {ident}, can't log in",
            "Hi, I'm locked out of my account, the password reset email never arrives. Tried three times.",
        ],
        "detail": ["I checked the spam folder too.", "My phone is {phone} if you want to call.",
                   "It worked fine last week."],
        "para": [
            "The password reset email never arrives at {ident}, so I still can't log in to my account.",
            "Can't log in: account {ident}, password reset email never arrives.",
            "I still can't log in and the password reset email never arrives at {ident}.",
        ],
        "short": ["the password reset email never arrives and I can't log in.",
                  "I can't log in because the reset email never arrives."],
        "useful": [
            "Your address {ident} was on our bounce list after a mailbox error. I've removed it and sent a fresh reset link, valid for 1 hour.",
            "Hi {name}, I reset the password for {ident} manually; check your inbox for a temporary password.",
            "Unblocked {ident}, new reset link sent.",
        ],
        "ai": ["I've sent a password reset link to your email. Please check your spam folder too."],
        "ai_resolve": ["A new reset link is on its way to {ident}. It should arrive within 2 minutes."],
        "new_info": ["Oh and on my phone I get logged out every few minutes, not sure if related.",
                     "Also, can a colleague get admin rights on our workspace?"],
        "summary": ["Customer {ident} can't log in; password reset email not received."],
        "evidence": ["Mail log: reset emails to address hard-bounced (550 mailbox unavailable)."],
        "amb_para": ["I just want to get into my stuff, nothing works",
                     "the door is shut and the key you send me never shows up"],
    },
    {  # account: two-factor on lost phone
        "open": [
            "I lost my old phone and can't get the two-factor code to sign in to my account {ident}.",
            "new phone, two-factor code goes to the old phone I lost, can't sign in",
            "Hi, I can't sign in because the two-factor code is sent to my lost phone. Account {ident}.",
        ],
        "detail": ["My new number is {phone}.", "I don't have the backup codes anymore.",
                   "I need access today for work."],
        "para": [
            "My account {ident} still sends the two-factor code to the old phone I lost, so I can't sign in on the new one.",
            "Lost phone, two-factor code, can't sign in to {ident}.",
            "I can't sign in: the two-factor code goes to my old lost phone, account {ident}.",
        ],
        "short": ["the two-factor code goes to my lost phone so I can't sign in.",
                  "I can't sign in, the code goes to the old phone I lost."],
        "useful": [
            "I've verified your identity and disabled two-factor on {ident}; sign in with your password and set it up on the new phone.",
            "2FA reset on {ident}, you can sign in now.",
            "Hi {name}, two-factor is reset for {ident}. Please re-enrol your new phone under Security.",
        ],
        "ai": ["You can use one of your backup codes to sign in. They were shown when you set up two-factor."],
        "ai_resolve": ["I've sent a recovery link to {ident} that lets you re-enrol a new device."],
        "new_info": ["Oh and is there a way to use a hardware key instead of an authenticator app?",
                     "Unrelated: our team wants single sign-on, who do I talk to?"],
        "summary": ["Lost phone; two-factor code goes to old device; account {ident}."],
        "evidence": ["Auth log: 6 failed 2FA attempts in 24h; device last seen 9 days ago."],
        "amb_para": ["I'm stuck outside my profile since I got a different mobile",
                     "the little six digit thing goes somewhere I can't reach"],
    },
    {  # api: webhooks 502
        "open": [
            "Our webhook deliveries to our endpoint have been failing with HTTP 502 since yesterday, error {ident} in the dashboard.",
            "webhook deliveries failing since yesterday, HTTP 502 and error {ident} on every call to our endpoint",
            "Hi, since yesterday all webhook deliveries to our endpoint are failing with an HTTP 502 error.",
        ],
        "detail": ["Our endpoint responds in under 200 ms in our own tests.",
                   "On-call contact: {phone}", "Nothing changed on our side."],
        "para": [
            "All webhook deliveries to our endpoint keep failing with HTTP 502 and error {ident}, starting yesterday.",
            "Since yesterday: webhook deliveries failing, HTTP 502, error {ident}, our endpoint.",
            "Webhook deliveries still failing with error {ident} and HTTP 502 on our endpoint since yesterday.",
        ],
        "short": ["webhook deliveries fail with HTTP 502 and error {ident} since yesterday.",
                  "every webhook delivery to our endpoint fails with a 502."],
        "useful": [
            "Error {ident} means our sender hit a TLS handshake timeout. We rolled back a proxy change at 09:40 UTC and replayed the failed webhooks.",
            "Replayed all failed deliveries; {ident} was caused by our proxy, fixed at 09:40 UTC.",
            "Hi {name}, found it: the 502s came from our egress gateway. Fix deployed, {ident} should be gone, please confirm.",
        ],
        "ai": ["Error {ident} usually means your endpoint took longer than 10 seconds to respond. Can you check your server logs?"],
        "ai_resolve": ["I've replayed the failed webhooks. Deliveries are succeeding again."],
        "new_info": ["We also rotated our signing secret on Monday, if that helps.",
                     "Oh and our staging workspace looks fine, only production is affected."],
        "summary": ["Webhook deliveries failing with HTTP 502 / {ident} since yesterday."],
        "evidence": ["Delivery log: 1,204 failures, all 502 from egress proxy, started 17:05 UTC."],
        "amb_para": ["our integration's broken and our customers are yelling at us",
                     "nothing reaches our server anymore"],
    },
    {  # api: key rejected 401
        "open": [
            "Our production API key is rejected with 401 unauthorized since we rotated it, error {ident}.",
            "API key rotated this morning, now every production call is 401 unauthorized ({ident})",
            "Hello, after we rotated the API key all production requests are rejected as 401 unauthorized.",
        ],
        "detail": ["We use the key from the admin console.", "Escalation contact: {email}",
                   "This is blocking our release."],
        "para": [
            "Since we rotated the key, production API requests are rejected with 401 unauthorized, error {ident}.",
            "401 unauthorized on production after the API key was rotated, {ident}.",
            "The rotated API key keeps getting rejected in production with {ident} / 401 unauthorized.",
        ],
        "short": ["the rotated API key is rejected with 401 unauthorized in production.",
                  "production rejects our rotated API key with {ident}."],
        "useful": [
            "The new key was created in the sandbox workspace, that's why production returns {ident}. I've issued a production key and emailed it to your admin.",
            "Hi {name}, production key reissued; {ident} was a sandbox/production mix-up.",
            "Fixed: your key now has the production scope, {ident} should stop within a minute.",
        ],
        "ai": ["Make sure you're sending the key in the Authorization header as 'Bearer <key>'."],
        "ai_resolve": ["I've refreshed the key cache for your account. Please retry the request."],
        "new_info": ["We're using the Python SDK version 3.2 if that matters.",
                     "Oh and our rate limits seem lower than the plan says."],
        "summary": ["Production API key rejected (401, {ident}) after rotation."],
        "evidence": ["Auth service: key scope=sandbox, requests to production host."],
        "amb_para": ["nothing we send you goes through anymore",
                     "your side slams the door on every call we make"],
    },
    {  # refunds: refund not received
        "open": [
            "I returned order {ident} two weeks ago and you received it, but I still haven't got my refund.",
            "where is my refund for {ident}? return was received two weeks ago, still no money",
            "Hi, you received my return two weeks ago but the refund still hasn't arrived.",
        ],
        "detail": ["I paid with card {card}.", "The return label number was on the email.",
                   "Call me on {phone} please."],
        "para": [
            "You received the return for order {ident} two weeks ago and the refund money still hasn't arrived.",
            "Return received two weeks ago, still no refund money for {ident}.",
            "Still no refund for order {ident}, even though the return was received two weeks ago.",
        ],
        "short": ["I still haven't got the refund for the return of {ident}.",
                  "the return was received two weeks ago and there's still no refund."],
        "useful": [
            "The refund for {ident} was stuck in a manual review queue. I've approved it just now; your bank will show it in 3-5 business days.",
            "Refunded {ident}, 3-5 days.",
            "Hi {name}! Refund for {ident} processed today, reference RF-88213.",
        ],
        "ai": ["Refunds are issued within 14 days after we receive the return. I can see your return for {ident} was received."],
        "ai_resolve": ["I've issued the refund for {ident}. It will appear on your statement in 3-5 business days."],
        "new_info": ["Oh and one item in the box was damaged when it arrived, should I send photos?",
                     "Also I'd like store credit instead if that's faster."],
        "summary": ["Return for {ident} received 2 weeks ago; refund not issued."],
        "evidence": ["Returns system: received, inspection passed; refund status PENDING_REVIEW."],
        "amb_para": ["you have my stuff AND my cash, this is not ok",
                     "I sent it back ages ago, where's my money"],
    },
    {  # refunds: cancel before shipping
        "open": [
            "I placed order {ident} by mistake and need to cancel it before it ships, the cancellation button doesn't work.",
            "pls cancel order {ident} before it ships, placed it by mistake, cancellation button doesn't work",
            "Hi, I placed an order by mistake and the cancellation button doesn't work. Please cancel before it ships.",
        ],
        "detail": ["It was supposed to be a different size.", "My email is {email}.",
                   "I paid with {card}."],
        "para": [
            "Order {ident} was placed by mistake, I need to cancel before it ships and the cancellation button won't work.",
            "Cancel order {ident} please, placed by mistake, before it ships, cancellation button doesn't work.",
            "The cancellation button still doesn't work and I have to cancel order {ident} before it ships.",
        ],
        "short": ["I need {ident} cancelled before it ships, it was placed by mistake.",
                  "the cancellation button doesn't work and the order must be cancelled before it ships."],
        "useful": [
            "I've cancelled {ident} before it left the warehouse; the authorisation on your card is released within 2 days.",
            "Cancelled {ident}, no charge.",
            "Hi {name}, done: {ident} is cancelled. The button failed because the order was already in picking; we've reported the bug.",
        ],
        "ai": ["Orders can be cancelled from the Orders page while they're still processing. Would you like me to try?"],
        "ai_resolve": ["Order {ident} is cancelled and you won't be charged."],
        "new_info": ["I'd like to reorder the same thing in blue instead, is that possible?",
                     "Oh and can I get the newsletter turned off?"],
        "summary": ["Wants {ident} cancelled before shipping; self-serve cancel fails."],
        "evidence": ["Order state PICKING; cancel API returned 409 CONFLICT."],
        "amb_para": ["I don't want that thing anymore, stop it please",
                     "wrong purchase, make it go away"],
    },
    {  # app bug: crash on photo upload
        "open": [
            "The app crashes every time I upload a photo on my iPhone, version {ident}.",
            "app crashes on photo upload every time, iPhone, version {ident}",
            "Hi, every time I upload a photo the app crashes. I'm on an iPhone, latest version.",
        ],
        "detail": ["Reinstalling didn't help.", "It started after the last update.",
                   "Screenshot sent to {email}."],
        "para": [
            "Every time I upload a photo on my iPhone the app crashes, version {ident}.",
            "iPhone, app version {ident}, crashes every time on photo upload.",
            "Still the same: the app on my iPhone crashes every time I upload a photo ({ident}).",
        ],
        "short": ["the app crashes every time I upload a photo.",
                  "photo upload crashes the app on my iPhone."],
        "useful": [
            "This is a known bug in {ident} with HEIC photos on iOS 17. Version 5.12.4 with the fix is live in the App Store, please update.",
            "Hi {name}, update to 5.12.4, it fixes the upload crash in {ident}.",
            "Workaround until you update: Settings > Camera > Formats > Most Compatible. The crash in {ident} is patched in 5.12.4.",
        ],
        "ai": ["Please try reinstalling the app and restarting your phone."],
        "ai_resolve": ["Version 5.12.4 fixes upload crashes. Please update from the App Store."],
        "new_info": ["Oh and the dark mode toggle resets whenever I restart.",
                     "Also, can I export my albums as a zip?"],
        "summary": ["App {ident} crashes on photo upload, iPhone."],
        "evidence": ["Crash reports: 14 crashes, HEIC decoder, iOS 17.2."],
        "amb_para": ["your thing keeps dying on me when I share pictures",
                     "it just closes itself, every single picture"],
    },
    {  # app bug: notes not syncing
        "open": [
            "Since the update to {ident} my notes don't sync between Android and the web app, new ones are missing.",
            "notes don't sync android <-> web app since {ident} update, new ones missing",
            "Hi, since the last update my notes don't sync between my Android phone and the web app, new ones are missing.",
        ],
        "detail": ["I have about 6,000 notes.", "Logged out and in again, no change.",
                   "My account email is {email}."],
        "para": [
            "My notes still don't sync between Android and the web app after the {ident} update, the new ones are missing.",
            "Sync broken since the {ident} update: new Android notes missing in the web app.",
            "The new notes from Android are still missing in the web app, they don't sync since the update ({ident}).",
        ],
        "short": ["notes don't sync between Android and the web app since the update.",
                  "my new Android notes are missing in the web app."],
        "useful": [
            "The {ident} update shipped a sync bug for accounts with over 5,000 notes. I've triggered a full resync, all notes should appear within 30 minutes.",
            "Hi {name}, resync done; notes missing since {ident} are restored.",
            "Fixed on our side: forced resync for your account, {ident} bug patched.",
        ],
        "ai": ["Please check that background sync is enabled in Android settings."],
        "ai_resolve": ["I've refreshed your sync token. Your notes should appear in a minute."],
        "new_info": ["I'm also paying for two seats but only use one, can you change that?",
                     "Oh and the widget on my home screen is blank."],
        "summary": ["Notes not syncing Android <-> web since {ident}."],
        "evidence": ["Sync service: cursor stuck at 5,000 items for account."],
        "amb_para": ["my stuff on the computer and on the phone don't match anymore",
                     "half my writing vanished between my devices"],
    },
]

_BASICS_IDENT = (
    ["Could you share your order number?", "What's the order number please?"],
    ["Can you send me the invoice number?", "Which invoice is this about?"],
    ["What's the email address on your account?", "Which email do you log in with?"],
    ["Which error code do you see?", "Can you send me the exact error code?"],
    ["What is the order number?", "Could you share your order number?"],
    ["Which app version are you on?", "What version of the app do you have installed?"],
)

_SHARED_PHRASES: dict[str, list[str]] = {
    "system_start": ["Conversation started", "Chat started from help widget",
                     "Ticket created from email", "Customer joined the conversation"],
    "system_transfer": ["Conversation transferred to queue", "Assigned to team",
                        "Routing: escalation queue"],
    "system_close": ["Conversation closed", "Ticket closed automatically after 48h of inactivity",
                     "Customer left the conversation", "Marked as solved"],
    "internal": ["Checked the admin panel, nothing obvious.", "Packet was thin, reading the transcript first.",
                 "Customer seems upset, handle with care.", "Asked L2 in Slack.",
                 "AI already tried this? unclear", "Monitoring, no action needed.", "VIP account",
                 "Possible duplicate of an earlier ticket", "Bot conversation looks fine, no action"],
    "ai_first": ["Hi {name}! I'm the virtual assistant, I'll help you with that.",
                 "Thanks for reaching out! Let me look into this.",
                 "Hello! I'm an AI assistant. I can help with most questions right away."],
    "ai_generic": ["Could you tell me a bit more?", "Did that help?",
                   "Here's an article that might help: https://help.example.com/a/1234",
                   "I understand. Let me try something else."],
    "ai_handoff": ["I'm transferring you to a member of our team who can help further.",
                   "Let me connect you with a human agent. They'll have the full context.",
                   "I'll hand this over to a specialist now.",
                   "One moment, connecting you to our support team."],
    "ai_after_human": ["Is there anything else I can help you with?", "Was this conversation helpful? 👍 👎",
                       "I've added a summary of this conversation to your account.",
                       "Please rate your experience."],
    "cust_ai_reply": ["No, that didn't help.", "I already tried that.", "That's not my question",
                      "still not working", "ok let me check... no, same problem", "Yes",
                      "I did that twice already", "nope"],
    "human_please": ["Can I talk to a human please?", "agent", "I want to speak to a real person",
                     "human please!!", "Can you transfer me to someone?", "operator"],
    "cust_confirm": ["that worked, thanks!", "Perfect, thank you", "great, solved", "ok thx",
                     "Danke, passt!"],
    "cust_giveup": ["this is useless", "forget it", "never mind, I'll figure it out", "ugh",
                    "ok whatever"],
    "greeting": ["Hi {name}, I'm {agent} and I'll be taking over from here.",
                 "Hello {name}! {agent} here from the support team.",
                 "Hi there, thanks for your patience!", "Hey {name} 👋 {agent} here.",
                 "Good morning {name}, thanks for reaching out.", "Hallo {name}, hier ist {agent}."],
    "holding": ["Looking into this now.", "Let me check this for you, one moment please.",
                "I'm checking with the team and will get back to you shortly.",
                "Give me a few minutes to review your account.",
                "Thanks for waiting, still looking into it.", "On it! 🔍"],
    "apology": ["I'm so sorry for the trouble!",
                "Sorry about the wait, and I completely understand how frustrating this must be. "
                "Please know that we really value you as a customer and I want to make sure you "
                "have the best possible experience with us.",
                "Apologies for the inconvenience, {name}.",
                "I'm really sorry to hear that, I know how annoying this kind of thing can be and "
                "I appreciate your patience while we sort everything out for you.",
                "So sorry about this! 🙏"],
    "restate_request": ["Could you describe the issue again?", "Can you tell me what's going on?",
                        "Sorry, could you explain the problem from the beginning?",
                        "What seems to be the problem today?", "Can you walk me through what happened?",
                        "Could you give me a quick summary of the issue?"],
    "basics_email": ["Can you confirm the email address on the account?",
                     "What email address is the account under?"],
    "basics_platform": ["Which platform are you on, iOS, Android or web?",
                        "What device and operating system are you using?"],
    "answer_ident": ["It's {ident}", "{ident}", "sure, {ident}", "here you go: {ident}"],
    "answer_email": ["it's {email}", "{email}", "the account is {email}"],
    "answer_platform": ["iPhone 13, iOS 17", "Android 14", "web app in Chrome", "Windows laptop, Edge"],
    "follow_up": ["any update on {ident}?", "Hello? Still waiting 🙁", "is someone there?", "ok",
                  "how long will this take?", "any news?", "??", "hello??", "still nothing on {ident}",
                  "ok, waiting", "is this being looked at?"],
    "thanks": ["thanks!", "Great, thank you so much 🙏", "perfect, danke!", "gracias!",
               "That worked, thanks {agent}!", "ok thank you", "merci beaucoup", "awesome, thx"],
    "hum_first": ["Hi {name}, thanks for contacting us. {agent} here, let me check.",
                  "Hello {name}, I'm {agent}. I'll take care of this.",
                  "Thanks for reaching out, looking into it now."],
    "amb_useful": ["Done ✅", "ok, try now", "Sorted 👍", "Should be fine from your side now.",
                   "That's taken care of."],
    "amb_holding": ["I've checked {ident} and will look further into it.",
                    "I reviewed the logs for {ident} and I'm escalating internally.",
                    "Investigating {ident} with the team now, I'll update you."],
    "amb_thanks": ["thanks again!", "Thanks again for the help", "ok, thanks again"],
    "amb_follow_up": ["tried again just now, same", "I refreshed again, nothing new",
                      "checked again this morning"],
}

_CUST_PREFIX = ["", "", "Hi, ", "Hello. ", "ok so ", "Hey, ", "so... "]
_CUST_SUFFIX = ["", "", "", " 🙁", " !!", " 😡", " ...", " 🙏"]
_AGENT_PREFIX_USEFUL = ["", "", "Thanks for waiting! ", "Hi {name}! ", "Good news: "]


def _typo(s: str) -> str:
    words = s.split(" ")
    for i, w in enumerate(words):
        if len(w) >= 7 and w.isalpha():
            words[i] = w[:2] + w[3] + w[2] + w[4:]
            return " ".join(words)
    return s


def _lc_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s and not s.startswith("{") else s


def _vary(base: list[str], prefixes: list[str], suffixes: list[str], typos: bool) -> list[str]:
    out: list[str] = []
    for b, p, s in itertools.product(base, prefixes, suffixes):
        if p.strip() and b.startswith(("Hi", "Hello", "Hey")):
            continue
        body = _lc_first(b) if p and not p.endswith(". ") else b
        text = f"{p}{body}{s}"
        if _SLOT_RE.findall(text).__len__() > 2:
            continue
        out.append(text)
    if typos:
        out += [_typo(t) for t in out[::3]] + [t.lower() for t in out[1::4]]
    return list(dict.fromkeys(out))


class _Registry:
    """Global template store plus per-kind ``[problem, variant]`` matrices."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.index: dict[str, int] = {}
        self.pools: dict[str, np.ndarray] = {}

    def _add(self, text: str) -> int:
        if text not in self.index:
            self.index[text] = len(self.texts)
            self.texts.append(text)
        return self.index[text]

    def register(self, kind: str, per_problem: list[list[str]]) -> None:
        ids = [[self._add(t) for t in lst] for lst in per_problem]
        width = max(len(x) for x in ids)
        self.pools[kind] = np.array([[x[j % len(x)] for j in range(width)] for x in ids], np.int32)


def _build() -> _Registry:
    reg = _Registry()
    for kind, texts in _SHARED_PHRASES.items():
        if kind.startswith(("greeting", "holding", "apology", "restate", "basics", "hum_first",
                            "amb_", "system", "internal", "ai_")):
            varied = texts
        else:
            varied = _vary(texts, [""], ["", " 🙏", "!"] if kind == "thanks" else [""], typos=True)
        reg.register(kind, [varied] * N_PROBLEMS)
    per = {k: [p[k] for p in _PROBLEM_PHRASES] for k in _PROBLEM_PHRASES[0]}
    reg.register("open", [_vary(x, ["", "Hi, ", "Hello! "], ["", " 🙁", "!!", " Thanks."], True)
                          for x in per["open"]])
    reg.register("detail", per["detail"])
    reg.register("para", [_vary(x, _CUST_PREFIX, _CUST_SUFFIX, True) for x in per["para"]])
    reg.register("after_request", [_vary(x + s, ["", "Sure. ", "ok... ", "Fine. ", "Sigh. "],
                                         ["", " 🙄"], True)
                                   for x, s in zip(per["para"], per["short"], strict=True)])
    reg.register("marker", [[f"{m} {_lc_first(r)}" for m in REPETITION_MARKERS for r in x + y[:1]]
                            for x, y in zip(per["short"], per["para"], strict=True)])
    reg.register("useful", [_vary(x, _AGENT_PREFIX_USEFUL, [""], False) for x in per["useful"]])
    reg.register("new_info", [_vary(x, [""], ["", " 🙂"], True) for x in per["new_info"]])
    reg.register("amb_para", per["amb_para"])
    reg.register("ai_topic", [x + _SHARED_PHRASES["ai_generic"][:2] for x in per["ai"]])
    reg.register("ai_resolve", per["ai_resolve"])
    reg.register("summary", per["summary"])
    reg.register("evidence", per["evidence"])
    reg.register("basics_ident", [_BASICS_IDENT[p // 2] for p in range(N_PROBLEMS)])
    reg.register("hum_agent", [x + _SHARED_PHRASES["holding"][:2] for x in per["useful"]])
    reg.register("hum_cust", [x + y + _SHARED_PHRASES["thanks"][:2]
                              for x, y in zip(per["detail"], per["new_info"], strict=True)])
    return reg


_REGISTRY = _build()
POOLS: dict[str, np.ndarray] = _REGISTRY.pools
TEXTS: list[str] = _REGISTRY.texts


def _parse(text: str) -> tuple[str, int, str, int, str]:
    parts = _SLOT_RE.split(text)
    # parts: [A, slot, B, slot, C] (fewer when fewer slots)
    a, s1, b, s2, c = parts[0], 0, "", 0, ""
    if len(parts) >= 3:
        s1, b = SLOTS[parts[1]], parts[2]
    if len(parts) >= 5:
        s2, c = SLOTS[parts[3]], parts[4]
    if len(parts) > 5:
        raise ValueError(f"template has more than two slots: {text!r}")
    return a, s1, b, s2, c


_PARSED = [_parse(t) for t in TEXTS]
PIECE_A = [p[0] for p in _PARSED]
PIECE_B = [p[2] for p in _PARSED]
PIECE_C = [p[4] for p in _PARSED]
SLOT1 = np.array([p[1] for p in _PARSED], np.int8)
SLOT2 = np.array([p[3] for p in _PARSED], np.int8)
_low = [t.lower() for t in TEXTS]
HAS_IDENT = np.array([("{ident}" in t) for t in TEXTS])
HAS_EMAIL = np.array([("{email}" in t) for t in TEXTS])
HAS_PLATFORM = np.array([any(w in t for w in _PLATFORM_WORDS) for t in _low])


def pick(kind: str, problem: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Template numbers for ``kind``, one per row, uniform over that problem's variants."""
    mat = POOLS[kind]
    return mat[problem, rng.integers(0, mat.shape[1], problem.shape[0])]


FIRST_NAMES = ("Jane", "Tom", "Amara", "Lukas", "Sofia", "Mateo", "Yuki", "Priya", "Liam", "Chloé",
               "Noah", "Fatima", "Ines", "Oliver", "Mia", "Kenji", "Aisha", "Jonas", "Elena", "Sam",
               "Lea", "Diego", "Hannah", "Omar", "Zoe", "Ben", "Nora", "Ravi", "Emma", "Felix")
LAST_NAMES = ("Doe", "Smith", "Okafor", "Müller", "Rossi", "García", "Tanaka", "Patel", "Brown",
              "Martin", "Kim", "Haddad", "Silva", "Novak", "Schmidt", "Jensen", "Dubois", "Nguyen",
              "Kowalski", "Evans")
EMAIL_DOMAINS = ("example.com", "mail.example.org", "example.net", "corp.example.com")
REASON_CODES = ("customer_requested_human", "low_confidence", "policy_requires_human",
                "action_failed", "out_of_scope", "negative_sentiment")
SENTIMENTS = ("frustrated", "neutral", "angry", "negative (repeat contact)", "calm", "anxious")
COMMENTS_GOOD = ("Quick and easy!", "The bot solved it in seconds", "Great help, thanks",
                 "Very friendly agent", "Super fast")
COMMENTS_MID = ("ok", "fine I guess", "took a while but solved", "average")
COMMENTS_BAD = ("Had to explain everything twice", "Took forever to get a real answer",
                "The agent asked for my order number which I had already given", "Useless bot",
                "Felt like starting over with the human", "Nobody read what I wrote")
