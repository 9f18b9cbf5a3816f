// A steady writer for the backup test: signs in as the demo SPU
// investigator and records persons one after another until STOP_FILE
// appears, then prints how many were acknowledged (201). Uses the API
// tests' client (test/api/lib.mjs): BASE_URL, CREDS, DATA_DIR.
import { existsSync } from 'node:fs';
import { Client } from '../api/lib.mjs';

const stop = process.env.STOP_FILE;
const c = new Client();
await c.loginDemo('spu.investigator');
let created = 0,
  failed = 0;
for (let i = 0; !existsSync(stop); i++) {
  const r = await c.request('POST', '/api/v1/persons', {
    identity: { given_names: `Test${i}`, family_name: 'Backup', birth_date: '1990-01-01' },
    detail: { gender: 'female', citizenship: 'AZE' },
  });
  if (r.status === 201) created++;
  else failed++;
}
console.log(JSON.stringify({ created, failed }));
