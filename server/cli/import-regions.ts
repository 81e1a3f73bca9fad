// `npm run import:regions [-- 51 35 …]`: import provinces and their regencies/cities from
// idn-area-data (all 38 provinces and 514 regencies/cities when no codes are given).
import { loadConfig } from '../config';
import { openDatabase } from '../db/client';
import { migrate } from '../db/migrate';
import { importRegions } from '../modules/organisations';

const codes = process.argv.slice(2).filter((a) => /^\d{2}$/.test(a));
const db = await openDatabase(loadConfig());
try {
  await migrate(db);
  const r = await db.tx((q) => importRegions(q, codes.length ? codes : undefined));
  console.log(`imported ${r.provinces} provinces, ${r.regencies} regencies/cities and ${r.districts} districts`);
} finally {
  await db.close();
}
