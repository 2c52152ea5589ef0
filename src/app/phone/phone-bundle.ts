/**
 * A worker's own phone's screens: being linked to its learner, and the bar
 * that says whose phone it is with the way out. Only a linked phone (or a
 * device opening a phone link) downloads it, and only a linked phone keeps
 * it offline (build/build.ts marks its files "phone").
 */
export { Phone } from './phone.tsx';
