/**
 * The part of @abandonware/noble's object model the adapter uses, typed here (the package's own
 * index.d.ts types only its main entry, which we never import: it opens an HCI socket at import).
 * These are noble's real Noble/Peripheral/Service/Characteristic objects at run time.
 */
import type { EventEmitter } from 'node:events';

export interface NobleCharacteristic extends EventEmitter {
  readonly uuid: string;
  readonly properties: readonly string[];
  readAsync(): Promise<Buffer>;
  writeAsync(data: Buffer, withoutResponse: boolean): Promise<void>;
  subscribeAsync(): Promise<void>;
  unsubscribeAsync(): Promise<void>;
}

export interface NobleService {
  readonly uuid: string;
  discoverCharacteristicsAsync(uuids: string[]): Promise<NobleCharacteristic[]>;
}

export interface NoblePeripheral extends EventEmitter {
  readonly id: string;
  readonly address: string;
  readonly advertisement: { localName?: string; serviceUuids?: string[] };
  rssi: number;
  state: 'error' | 'connecting' | 'connected' | 'disconnecting' | 'disconnected';
  mtu: number | null;
  connectAsync(options?: object): Promise<void>;
  cancelConnect(options?: object): void;
  disconnectAsync(): Promise<void>;
  updateRssiAsync(): Promise<number>;
  discoverServicesAsync(uuids: string[]): Promise<NobleService[]>;
}

export interface Noble extends EventEmitter {
  readonly state: string;
  startScanningAsync(serviceUuids?: string[], allowDuplicates?: boolean): Promise<void>;
  stopScanningAsync(): Promise<void>;
  stopScanning(): void;
}

/** The bindings boundary noble drives (noble/lib/noble.js: the calls it makes, the events it listens to). */
export interface NobleBindings extends EventEmitter {
  init(): void;
  startScanning(serviceUuids?: string[], allowDuplicates?: boolean): void;
  stopScanning(): void;
  connect(peripheralUuid: string, parameters?: object): void;
  cancelConnect(peripheralUuid: string, parameters?: object): void;
  disconnect(peripheralUuid: string): void;
  updateRssi(peripheralUuid: string): void;
  discoverServices(peripheralUuid: string, uuids?: string[]): void;
  discoverCharacteristics(peripheralUuid: string, serviceUuid: string, characteristicUuids?: string[]): void;
  read(peripheralUuid: string, serviceUuid: string, characteristicUuid: string): void;
  write(
    peripheralUuid: string,
    serviceUuid: string,
    characteristicUuid: string,
    data: Buffer,
    withoutResponse: boolean,
  ): void;
  notify(peripheralUuid: string, serviceUuid: string, characteristicUuid: string, notify: boolean): void;
}
