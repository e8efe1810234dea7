// An APDU channel that runs every command through secure messaging.
import { ChipError } from '../errors.js';
import { statusWordHex } from '../iso7816/status-words.js';
import { commandHeaderHex, type CommandApdu } from '../iso7816/apdu.js';
import { transmitObserved, type ApduChannel, type ApduObserver } from '../iso7816/channel.js';
import type { CardTransport } from '../iso7816/transport.js';
import type { SecureMessaging, SmResponse } from './secure-messaging.js';

export interface SecureChannelOptions {
  /**
   * Send every protected APDU in extended length. Default false: extended length is used only
   * when a command's data or Ne needs it, so cards without extended length keep working.
   */
  forceExtendedLength?: boolean;
  observer?: ApduObserver;
}

export class SecureChannel implements ApduChannel {
  constructor(
    private readonly transport: CardTransport,
    readonly secureMessaging: SecureMessaging,
    private readonly options: SecureChannelOptions = {},
  ) {}

  /** Protects `command`, sends it and unprotects the response; plain error status words pass through. */
  async send(command: CommandApdu): Promise<SmResponse> {
    const protectedCommand = this.secureMessaging.protectCommand(command, { extended: this.options.forceExtendedLength === true });
    const response = await transmitObserved(this.transport, protectedCommand, this.options.observer);

    try {
      return this.secureMessaging.unprotectResponse(response);
    } catch (error) {
      if (!(error instanceof ChipError)) throw error;

      const sw = response.length >= 2 ? statusWordHex(((response.at(-2) as number) << 8) | (response.at(-1) as number)) : undefined;
      error.context.command ??= commandHeaderHex(command);
      if (sw !== undefined) error.context.statusWord ??= sw;
      throw error;
    }
  }
}
