/**
 * Reads a Klear clearing member's settlement and guaranty fund balances and asks for a withdrawal. Klear counts
 * money in integer centicents (1 USD = 10,000); the SDK's helpers convert them to fixed-point dollar strings and
 * back exactly, never through a float.
 *
 *   node --import tsx examples/klear-balances.ts                 # the local Klear mock
 *   KALSHI_ENV=demo node --import tsx examples/klear-balances.ts # Klear's demo, with KALSHI_ADMIN_USER_ID and KALSHI_ACCESS_TOKEN
 */
import { KlearClient, centicentsToDollars, dollarsToCenticents } from '../generated/dist/klear/index.js';
import { openKlearSession } from './setup.ts';

const session = await openKlearSession();
try {
  // Every Klear operation sends `Authorization: Bearer <admin user id>:<access token>`, and nothing else.
  const klear = new KlearClient(session.options);
  const settlement = await klear.getSettlementBalance();
  const fund = await klear.getGuarantyFundBalance();
  const available = settlement.balance_available_centicents;
  const locked = settlement.locked_balance_centicents ?? 0;
  console.log(`settlement balance: ${centicentsToDollars(available)} USD available (${available} centicents)`);
  console.log(`locked: ${centicentsToDollars(locked)} USD (${locked} centicents)`);
  console.log(
    `guaranty fund: ${centicentsToDollars(fund.amount_centicents)} USD (${fund.amount_centicents} centicents)`,
  );

  // A withdrawal is asked for in dollars; the same helpers check it fits the balance in centicents.
  const amount = '2500.00';
  if (dollarsToCenticents(amount) > available) throw new Error(`cannot withdraw ${amount} USD`);
  const withdrawal = await klear.withdrawSettlementBalance({ amount });
  console.log(`withdrawal of ${amount} USD (${dollarsToCenticents(amount)} centicents) asked for: ${withdrawal.id}`);
} finally {
  await session.close();
}
