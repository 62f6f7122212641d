import {
  draft,
  TourMarkedReadyV1,
  TourReadinessCheckedV1,
  unchanged,
  type Decision,
  type ReadinessCheck,
  type ReadinessCheckRequest,
  type ReportedReadinessCheck,
  type TourReadinessResponse,
  type TourStop,
} from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Device } from './device.decide';
import type { Site } from './site.decide';

/** The latest readiness check of one device of a bus for a tour day. */
export interface DeviceReadiness {
  deviceId: string;
  checkedAt: string;
  checks: ReadinessCheck[];
}

/**
 * The stored readiness report of one bus for one tour day: each device's latest checks and whether
 * (when, by whom) the tour was marked ready. `revision` is the repository's (conditional writes).
 */
export interface TourReport {
  busId: string;
  tourDate: string;
  devices: DeviceReadiness[];
  markedReadyAt?: string;
  markedReadyBy?: string;
  revision: number;
}

/** The report's id, its document id and its events' key: `|` never occurs in an identifier. */
export const tourKey = (busId: string, tourDate: string) => `${busId}|${tourDate}`;

export const emptyTourReport = (busId: string, tourDate: string): TourReport => ({ busId, tourDate, devices: [], revision: 0 });

/** A tour belongs to a checkup bus: a fixed facility has no tours. */
export function assertBus(site: Site | null, busId: string): Site {
  if (!site) throw new DomainError('site-not-found', `No site with id ${busId}.`, 404);
  if (site.kind !== 'bus') throw new DomainError('not-a-bus', `Site ${busId} is a fixed facility; only a checkup bus has tours.`, 422);
  return site;
}

/** The bus's stops on the tour day, in itinerary order. */
export function stopsOfDay(bus: Site, tourDate: string): TourStop[] {
  return bus.itinerary.filter((s) => s.date === tourDate).map(({ stopId, name, from, to }) => ({ stopId, name, from, to }));
}

/** The devices that count for a bus's readiness: every device registered at it and not retired. */
export const busDevices = (devices: Device[], busId: string) =>
  devices.filter((d) => d.siteId === busId && d.state !== 'retired').sort((a, b) => a.deviceId.localeCompare(b.deviceId));

const green = (check: ReadinessCheck['check']): ReadinessCheck => ({ check, state: 'green' });
/** A reason fits the contract's 300 characters (a long list of stops is cut with an ellipsis). */
const red = (check: ReadinessCheck['check'], reason: string): ReadinessCheck => ({
  check,
  state: 'red',
  reason: reason.length > 300 ? `${reason.slice(0, 299)}…` : reason,
});

export interface ReadinessInput {
  busId: string;
  tourDate: string;
  device: Device;
  /** The bus's stops on the tour day. */
  stops: TourStop[];
  report: ReadinessCheckRequest;
  checkedAt: Date;
  clockToleranceMillis: number;
}

/**
 * The five checks of one device before a tour day, in a fixed order: device-active, clock, reader,
 * national-system, stops. Pure: the registry's clock and tolerance are given.
 */
export function decideReadinessChecks(input: ReadinessInput): ReadinessCheck[] {
  const { device, report, stops } = input;
  return [
    deviceActive(device, input.busId),
    clock(report.deviceClockAt, input.checkedAt, input.clockToleranceMillis),
    reader(device, report.reader),
    nationalSystem(report.nationalSystem.testConfirmation),
    stopsLoaded(stops, report.stopsLoaded, input.tourDate),
  ];
}

function deviceActive(device: Device, busId: string): ReadinessCheck {
  if (device.siteId !== busId) return red('device-active', `device ${device.deviceId} is registered at ${device.siteId}, not at this bus`);
  if (device.state !== 'active') return red('device-active', `device ${device.deviceId} is ${device.state}: an operator must activate it`);
  return green('device-active');
}

function clock(deviceClockAt: string, checkedAt: Date, toleranceMillis: number): ReadinessCheck {
  const offsetMillis = Date.parse(deviceClockAt) - checkedAt.getTime();
  if (Math.abs(offsetMillis) <= toleranceMillis) return green('clock');
  const seconds = Math.round(Math.abs(offsetMillis) / 1000);
  return red(
    'clock',
    `the device clock is ${seconds} s ${offsetMillis > 0 ? 'ahead of' : 'behind'} the registry's (tolerance ${Math.round(toleranceMillis / 1000)} s): set the device's time automatically`,
  );
}

function reader(device: Device, reported: ReadinessCheckRequest['reader']): ReadinessCheck {
  if (!reported.present) return red('reader', 'no card reader is connected: connect the card reader');
  const registered = device.cardReader;
  const differs =
    registered &&
    ((reported.serial !== undefined && reported.serial !== registered.serial) ||
      (reported.model !== undefined && reported.model !== registered.model));
  if (differs)
    return red(
      'reader',
      `the connected reader (${reported.model ?? '?'} ${reported.serial ?? '?'}) is not the registered one (${registered.model} ${registered.serial}): connect it, or have an operator record the swap`,
    );
  return green('reader');
}

function nationalSystem(confirmation: ReadinessCheckRequest['nationalSystem']['testConfirmation']): ReadinessCheck {
  switch (confirmation) {
    case 'ok':
      return green('national-system');
    case 'failed':
      return red(
        'national-system',
        'the test confirmation failed: check the network and the national app (or the 資格確認端末), then run it again',
      );
    case 'not-run':
      return red('national-system', 'no test confirmation was run: run one with the national app (or the 資格確認端末)');
  }
}

function stopsLoaded(stops: TourStop[], loaded: string[], tourDate: string): ReadinessCheck {
  if (!stops.length) return red('stops', `no stops are planned for ${tourDate}: an operator must set the bus's itinerary`);
  const have = new Set(loaded);
  const missing = stops.filter((s) => !have.has(s.stopId)).map((s) => s.stopId);
  if (missing.length) return red('stops', `stops of the day not loaded on the device: ${missing.join(', ')}`);
  return green('stops');
}

const allGreen = (checks: readonly { state: string }[]) => checks.every((c) => c.state === 'green');

/**
 * The report as staff and the bus's devices read it: every device of the bus (not retired) with its
 * latest checks, or `not-checked` (red) when it has not checked for the day; a device checked green
 * but no longer active shows `device-active` red. `ready`: at least one device, and every check green.
 */
export function readinessView(report: TourReport, devices: Device[]): TourReadinessResponse {
  const rows = busDevices(devices, report.busId).map((device) => {
    const stored = report.devices.find((d) => d.deviceId === device.deviceId);
    if (!stored)
      return {
        deviceId: device.deviceId,
        checks: [
          { check: 'not-checked', state: 'red', reason: `device ${device.deviceId} has not run its readiness check for the day` },
        ] satisfies ReportedReadinessCheck[],
      };
    const checks: ReportedReadinessCheck[] = stored.checks.map((c) =>
      c.check === 'device-active' && device.state !== 'active'
        ? red('device-active', `device ${device.deviceId} is ${device.state}: an operator must activate it`)
        : c,
    );
    return { deviceId: device.deviceId, checkedAt: stored.checkedAt, checks };
  });
  return {
    busId: report.busId,
    tourDate: report.tourDate,
    ready: rows.length > 0 && rows.every((r) => allGreen(r.checks)),
    ...(report.markedReadyAt ? { markedReadyAt: report.markedReadyAt, markedReadyBy: report.markedReadyBy } : {}),
    devices: rows,
  };
}

/**
 * A device's checks enter the report (replacing its earlier ones for the day): tour.readiness-checked.
 * A red check withdraws a mark the tour had (a tour is never marked ready while a check is red).
 */
export function recordReadinessCheck(report: TourReport, result: DeviceReadiness, devices: Device[]): Decision<TourReport> {
  const withdraw = report.markedReadyAt !== undefined && !allGreen(result.checks);
  const { markedReadyAt: _at, markedReadyBy: _by, ...unmarked } = report;
  const next: TourReport = {
    ...(withdraw ? unmarked : report),
    devices: [...report.devices.filter((d) => d.deviceId !== result.deviceId), result].sort((a, b) => a.deviceId.localeCompare(b.deviceId)),
  };
  return {
    state: next,
    events: [
      draft(TourReadinessCheckedV1, {
        busId: report.busId,
        tourDate: report.tourDate,
        deviceId: result.deviceId,
        checkedAt: result.checkedAt,
        checks: result.checks,
        tourReady: readinessView(next, devices).ready,
        ...(withdraw ? { markWithdrawn: true } : {}),
      }),
    ],
  };
}

/**
 * Marks the tour ready: refused with tour-not-ready naming every red check (device and check) while
 * one is red or the bus has no device; marking a tour already marked keeps the first mark.
 */
export function markTourReady(report: TourReport, devices: Device[], by: string, at: Date): Decision<TourReport> {
  const view = readinessView(report, devices);
  if (!view.ready) {
    const reds = view.devices.flatMap((d) =>
      d.checks.filter((c) => c.state === 'red').map((c) => `${d.deviceId} ${c.check} (${c.reason})`),
    );
    const what = view.devices.length ? reds.join('; ') : 'the bus has no registered device';
    throw new DomainError('tour-not-ready', `Tour of bus ${report.busId} on ${report.tourDate} is not ready: ${what}.`, 409);
  }
  if (report.markedReadyAt) return unchanged(report);
  const markedReadyAt = at.toISOString();
  return {
    state: { ...report, markedReadyAt, markedReadyBy: by },
    events: [
      draft(TourMarkedReadyV1, {
        busId: report.busId,
        tourDate: report.tourDate,
        markedReadyAt,
        markedReadyBy: by,
        deviceIds: view.devices.map((d) => d.deviceId),
      }),
    ],
  };
}
