/** The communication functions, for functions/index.ts and for tests (startTestHost({ extraFunctions })). */
import listThreads from './list-threads.ts';
import createThread from './create-thread.ts';
import listThreadMessages from './list-thread-messages.ts';
import createThreadMessage from './create-thread-message.ts';
import readThread from './read-thread.ts';
import getNotificationPreferences from './get-notification-preferences.ts';
import updateNotificationPreferences from './update-notification-preferences.ts';

export const communicationFunctions = [
  listThreads, createThread, listThreadMessages, createThreadMessage, readThread, getNotificationPreferences, updateNotificationPreferences,
] as const;
