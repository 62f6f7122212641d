import { lookupRecordRepositoryContract } from './lookup-record.contract';
import { InMemoryLookupRecordRepository } from './lookup-record.memory';

lookupRecordRepositoryContract('memory', async () => ({ repo: new InMemoryLookupRecordRepository() }));
