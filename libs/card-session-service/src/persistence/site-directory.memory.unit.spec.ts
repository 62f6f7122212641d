import { siteDirectoryContract } from './site-directory.contract';
import { InMemorySiteDirectory } from './site-directory.memory';

describe('the site directory in memory', () => {
  siteDirectoryContract(async () => ({ directory: new InMemorySiteDirectory() }));
});
