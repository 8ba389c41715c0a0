// End-to-end smoke test: a release dev node produces and finalizes blocks, and a signed
// balance transfer submitted with @polkadot/api lands.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { startDevNode } from '../src/devnode.js';
import { waitFor } from '../src/wait.js';

const UNIT = 10n ** 12n;

test('dev node finalizes blocks and accepts a signed transfer', { timeout: 240_000 }, async () => {
  const node = await startDevNode();
  let api;
  try {
    api = await ApiPromise.create({ provider: new WsProvider(node.wsUrl), noInitWarn: true });

    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'TGD');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
    assert.equal(api.registry.chainSS58, 42);

    // Blocks are produced (BABE) and finalized (GRANDPA).
    const finalized = await waitFor('finalized block #3', async () => {
      const head = await api.rpc.chain.getFinalizedHead();
      const header = await api.rpc.chain.getHeader(head);
      return header.number.toNumber() >= 3 ? header.number.toNumber() : null;
    }, 120_000);
    assert.ok(finalized >= 3);

    const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
    const alice = keyring.addFromUri('//Alice');
    // A fresh account, so the expected balance is exactly the amount.
    const recipient = keyring.addFromUri(`//smoke-${Date.now()}`);
    const amount = 5n * UNIT;

    const inBlock = await new Promise((resolve, reject) => {
      api.tx.balances.transferKeepAlive(recipient.address, amount)
        .signAndSend(alice, ({ status, dispatchError }) => {
          if (dispatchError) {
            reject(new Error(`transfer failed: ${dispatchError.toString()}`));
          } else if (status.isInBlock) {
            resolve(status.asInBlock.toHex());
          }
        })
        .catch(reject);
    });
    assert.match(inBlock, /^0x[0-9a-f]{64}$/);

    const account = await api.query.system.account(recipient.address);
    assert.equal(account.data.free.toBigInt(), amount);
  } catch (err) {
    console.error(node.logs().split('\n').slice(-40).join('\n'));
    throw err;
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
