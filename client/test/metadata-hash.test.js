// Hardware wallets (Ledger, Polkadot Vault) sign by metadata hash: the transaction carries
// `CheckMetadataHash` with mode 1 and its signature covers the RFC-78 hash of the runtime's
// metadata, which the runtime knows from its build. The hash computed here from the node's
// own metadata is accepted; a wrong one makes the signature fail and the pool refuses it.
// Mode 0 (what every other signer sends) keeps working.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { u8aToHex } from '@polkadot/util';
import { startDevNode } from '../src/devnode.js';
import { connect, signer, UNIT } from '../src/chain.js';

/** Send `tx` with signer options; resolve with the block it is in, reject on pool errors. */
function send (tx, pair, options) {
  return new Promise((resolve, reject) => {
    tx.signAndSend(pair, options, ({ status, dispatchError }) => {
      if (dispatchError) reject(new Error(dispatchError.toString()));
      else if (status.isInBlock) resolve(status.asInBlock.toHex());
    }).catch(reject);
  });
}

test('a transaction signed with the metadata hash is accepted, one with a wrong hash refused', { timeout: 120_000 }, async () => {
  const node = await startDevNode();
  let api;
  try {
    api = await connect(node.wsUrl);
    assert.ok(api.registry.signedExtensions.includes('CheckMetadataHash'), api.registry.signedExtensions.join(', '));
    const metadata = (await api.call.metadata.metadataAtVersion(15)).unwrap();
    const properties = await api.rpc.system.properties();
    const decimals = properties.tokenDecimals.unwrap()[0].toNumber();
    const tokenSymbol = properties.tokenSymbol.unwrap()[0].toString();
    const hash = u8aToHex(merkleizeMetadata(metadata.toU8a(true), { decimals, tokenSymbol }).digest());
    console.log(`metadata hash ${hash} (${tokenSymbol}, ${decimals} decimals)`);

    const [alice, bob] = ['//Alice', '//Bob'].map(signer);
    const transfer = () => api.tx.balances.transferKeepAlive(bob.address, UNIT);
    const before = (await api.query.system.account(bob.address)).data.free.toBigInt();

    await send(transfer(), alice, { mode: 1, metadataHash: hash });
    const wrong = '0x' + 'ab'.repeat(32);
    await assert.rejects(send(transfer(), alice, { mode: 1, metadataHash: wrong }), /bad signature|1010/i);
    await send(transfer(), alice, {});

    const after = (await api.query.system.account(bob.address)).data.free.toBigInt();
    assert.equal(after - before, 2n * UNIT, 'the two good transfers went through, the bad one did not');
  } finally {
    if (api) await api.disconnect();
    await node.stop();
  }
});
