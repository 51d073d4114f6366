// The referral flow through the generated TypeScript SDK (clients/typescript), run by
// tests/clients/test_typescript_client.py against a real server. Prints one JSON line.
import { client } from "../../clients/typescript/src/client.gen";
import {
  getOrdersOrder, getPromotersPromoterBalance, getReferralLink, patchFraudSettings,
  patchMerchant, postOrders, postOrdersOrderRefunds, postPromoters, postRedemptions,
  postReferrals, postRules, postWebhookEndpoints,
} from "../../clients/typescript/src";

// Node's own, declared here rather than pulling in @types/node for three members.
declare const process: {
  env: Record<string, string | undefined>; argv: string[]; exit(code: number): never;
};

function check(condition: boolean, what: string, detail?: unknown): void {
  if (!condition) {
    throw new Error(`${what}: ${JSON.stringify(detail)}`);
  }
}

async function main(): Promise<void> {
  const url = process.env.GOODWORD_URL!;
  client.setConfig({ baseUrl: url, headers: { Authorization: `Bearer ${process.env.GOODWORD_KEY}` } });
  const step = process.argv[2];

  if (step === "enrol") {
    // Shared loopback and user agent would look like a farm to the risk score: not this test.
    await patchFraudSettings({ body: { review_score: 1000, reject_score: 1000 }, throwOnError: true });
    await patchMerchant({ body: { hold_days: 0 }, throwOnError: true });
    const rule = (await postRules({ throwOnError: true, body: {
      name: "Give 500", trigger: "order.paid", beneficiary: "referrer",
      reward: { type: "fixed_points", value: 500 },
    } })).data;
    check(rule.id.startsWith("rul_"), "rule", rule);
    const body = { external_id: "cus_ana", email: "ana@example.com" };
    const headers = { "Idempotency-Key": "enrol-cus_ana" };
    const ana = (await postPromoters({ body, headers, throwOnError: true })).data;
    const again = await postPromoters({ body, headers, throwOnError: true });
    check(again.response.headers.get("Idempotent-Replayed") === "true", "replay");
    check(again.data.id === ana.id, "same promoter", again.data);

    const click = await getReferralLink({ path: { link: ana.code }, redirect: "manual" });
    check(click.response.status === 302, "click", click.response.status);
    const clickId = new URL(click.response.headers.get("Location")!).searchParams.get("gw_click")!;
    const referral = (await postReferrals({ throwOnError: true, body: {
      referee_external_id: "cus_ben", referee_email: "ben@example.net", click_id: clickId,
    } })).data;
    check(referral.promoter === ana.id, "referral credited", referral);

    const order = (await postOrders({ throwOnError: true, body: {
      external_id: "1001", customer_external_id: "cus_ben", amount: 4999, currency: "USD",
    } })).data;
    check(order.promoter === ana.id, "order credited", order);
    const refund = (await postOrdersOrderRefunds({
      path: { order_id: order.id }, body: { amount: 999, external_id: "re_1" }, throwOnError: true,
    })).data;
    const detail = (await getOrdersOrder({ path: { order_id: order.id }, throwOnError: true })).data;
    check(detail.refunds.length === 1 && detail.refunds[0].id === refund.id, "refund listed", detail);
    const refused = await postOrders({ body: {
      external_id: "1002", customer_external_id: "cus_ben", amount: -1, currency: "USD",
    } });
    check(refused.response.status === 400 && refused.error?.error.param === "amount", "400", refused.error);
    console.log(JSON.stringify({ promoter: ana.id }));
  } else {
    // After the worker matured the rewards.
    const promoter = process.argv[3];
    const balance = (await getPromotersPromoterBalance({
      path: { promoter_id: promoter }, throwOnError: true,
    })).data;
    const points = balance.balances.find((b) => b.unit === "points")!;
    const redemption = (await postRedemptions({
      body: { promoter, points: 300 }, throwOnError: true,
    })).data;
    const endpoint = (await postWebhookEndpoints({ throwOnError: true, body: {
      url: "http://127.0.0.1:9/hooks", enabled_events: ["reward.earned"],
    } })).data;
    console.log(JSON.stringify({
      available: points.available, redeemed: redemption.points, secret: endpoint.secret,
    }));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
