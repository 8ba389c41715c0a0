#!/usr/bin/env node
// tensorgrid: a small command line for the Tensorgrid chain.
//
//   tensorgrid providers
//   tensorgrid jobs [--submitter ADDRESS | --provider ADDRESS]
//   tensorgrid register-provider --seed //Bob --price 1 --stake 2000 --kernels MatmulI8 [--max-jobs 1]
//   tensorgrid submit-job --seed //Charlie --spec '{"MatmulI8":{"m":2,"k":3,"n":2}}' \
//       --input 0x010101010101 --input 0x020202020202 [--replicas 1] [--max-price 2] [--deadline-blocks 300] [--watch]
//   tensorgrid watch-job ID
//
// Common options: --url ws://127.0.0.1:9944. Amounts are in TGD. Failed transactions print
// the pallet's error, e.g. `jobs.ZeroReplicas: Replicas must be at least one.`

import { parseArgs } from 'node:util';
import { connect, signer, parseTgd, formatTgd, registerProvider, submitJob, watchJob, getJob } from './chain.js';

const USAGE = `usage: tensorgrid <providers|jobs|register-provider|submit-job|watch-job> [options]
  --url URL              node WebSocket endpoint (default ws://127.0.0.1:9944)
  --seed SURI            signing key (register-provider, submit-job)
  providers
  jobs [--submitter ADDRESS | --provider ADDRESS]
  register-provider --price TGD --stake TGD --kernels K1,K2 [--max-jobs N] [--adapter NAME]
  submit-job --spec JSON --input HEX|artifact:HASH ... [--replicas N] [--max-price TGD]
             [--deadline-blocks N] [--watch]
  watch-job ID`;

const options = {
  url: { type: 'string', default: 'ws://127.0.0.1:9944' },
  seed: { type: 'string' },
  submitter: { type: 'string' },
  provider: { type: 'string' },
  price: { type: 'string' },
  stake: { type: 'string' },
  kernels: { type: 'string', default: 'MatmulI8' },
  'max-jobs': { type: 'string', default: '1' },
  adapter: { type: 'string', default: 'unknown' },
  spec: { type: 'string' },
  input: { type: 'string', multiple: true, default: [] },
  replicas: { type: 'string', default: '1' },
  'max-price': { type: 'string', default: '1' },
  'deadline-blocks': { type: 'string', default: '300' },
  watch: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
};

function need (values, name) {
  if (values[name] === undefined) throw new Error(`--${name} is required`);
  return values[name];
}

function printJob (job) {
  const providers = job.providers.map((p) => `${p.provider}${p.committed ? ' (committed)' : ''}`).join(', ') || '-';
  console.log(`job ${job.id}: ${job.state}  kernel ${job.kernel}  replicas ${job.replicas}  escrow ${formatTgd(BigInt(job.escrow))} TGD  paid ${formatTgd(BigInt(job.paid))}  refunded ${formatTgd(BigInt(job.refunded))}`);
  console.log(`  providers: ${providers}${job.resultDigest ? `\n  result digest: ${job.resultDigest}` : ''}`);
}

async function main () {
  const { values, positionals } = parseArgs({ options, allowPositionals: true });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  const api = await connect(values.url);
  try {
    switch (command) {
      case 'providers': {
        const list = await api.call.providersApi.providers();
        for (const p of list.map((x) => x.toHuman())) {
          console.log(`${p.account}  ${p.status}${p.online ? ' online' : ' offline'}  price ${p.pricePerUnit}  stake ${p.stake}  reputation ${p.reputationPermill}‰  jobs ${p.activeJobs}/${p.maxConcurrentJobs}  ${p.adapterName}`);
        }
        if (list.length === 0) console.log('no providers');
        break;
      }
      case 'jobs': {
        const jobs = values.provider
          ? await api.call.jobsApi.jobsByProvider(values.provider)
          : await api.call.jobsApi.jobsBySubmitter(need(values, 'submitter'));
        for (const job of jobs) printJob(job.toJSON());
        if (jobs.length === 0) console.log('no jobs');
        break;
      }
      case 'register-provider': {
        const pair = signer(need(values, 'seed'));
        const profile = {
          adapterName: values.adapter, backend: 'Vulkan', deviceType: 'DiscreteGpu', memoryMib: 0,
          kernels: values.kernels.split(','), benchmarkScore: 0, maxConcurrentJobs: Number(values['max-jobs'])
        };
        await registerProvider(api, pair, profile, parseTgd(need(values, 'price')), parseTgd(need(values, 'stake')));
        console.log(`registered ${pair.address}`);
        break;
      }
      case 'submit-job': {
        const pair = signer(need(values, 'seed'));
        const head = (await api.rpc.chain.getHeader()).number.toNumber();
        const inputs = values.input.map((i) => i.startsWith('artifact:') ? { Artifact: i.slice(9) } : { Inline: i });
        const id = await submitJob(api, pair, {
          spec: JSON.parse(need(values, 'spec')),
          inputs,
          replicas: Number(values.replicas),
          maxPricePerUnit: parseTgd(values['max-price']),
          deadline: head + Number(values['deadline-blocks'])
        });
        console.log(`submitted job ${id}`);
        if (values.watch) await watch(api, id);
        break;
      }
      case 'watch-job': {
        if (rest.length !== 1 || !/^\d+$/.test(rest[0])) throw new Error('watch-job needs a job id');
        const id = Number(rest[0]);
        const job = await getJob(api, id);
        if (!job) throw new Error(`no job ${id}`);
        printJob(job);
        await watch(api, id);
        break;
      }
      default:
        throw new Error(`unknown command ${command}\n${USAGE}`);
    }
  } finally {
    await api.disconnect();
  }
}

async function watch (api, id) {
  const final = await watchJob(api, id, (e) => console.log(`#${e.block} ${e.section}.${e.method} ${JSON.stringify(e.data)}`));
  printJob(final);
}

main().catch((err) => {
  console.error(`Error: ${err.message}`);
  process.exit(1);
});
