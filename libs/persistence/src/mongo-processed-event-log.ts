import type { Connection, Model } from 'mongoose';
import { Schema } from 'mongoose';
import type { ProcessedEventLog } from '@hcv/messaging';

interface ProcessedEventDoc {
  _id: string;
  groupId: string;
  eventId: string;
  processedAt: Date;
}

const schema = new Schema<ProcessedEventDoc>(
  {
    // `${groupId}|${eventId}`: the primary key itself enforces "once per group".
    _id: { type: String, required: true },
    groupId: { type: String, required: true },
    eventId: { type: String, required: true },
    processedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'processed_events' },
);

/** Processed-event record per consumer group, in the consuming service's own database. */
export class MongoProcessedEventLog implements ProcessedEventLog {
  private readonly model: Model<ProcessedEventDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.ProcessedEvent ?? connection.model<ProcessedEventDoc>('ProcessedEvent', schema);
  }
  async seen(groupId: string, eventId: string): Promise<boolean> {
    return (await this.model.exists({ _id: `${groupId}|${eventId}` })) !== null;
  }
  async record(groupId: string, eventId: string): Promise<void> {
    await this.model
      .updateOne(
        { _id: `${groupId}|${eventId}` },
        { $setOnInsert: { groupId, eventId, processedAt: new Date() } },
        { upsert: true },
      )
      .exec();
  }
}
