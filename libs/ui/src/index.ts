import './ui.css';

export { createI18n, type I18n } from './i18n';
export { interpolate, acceptLanguage, initialLang, type Messages, type Params } from './messages';
export { formatJstDate, formatJstDateTime, formatJstTime, formatYen, isoJst, jstCalendarDate, type Lang } from './format';
export { Button, type ButtonProps, type ButtonVariant } from './components/Button';
export {
  CheckboxField,
  Field,
  SelectField,
  TextField,
  type FieldControlProps,
  type FieldProps,
  type SelectFieldProps,
  type TextFieldProps,
} from './components/Field';
export { Banner, type BannerKind } from './components/Banner';
export { Progress, Steps } from './components/Progress';
export { AppShell, ScreenHeading, Stack, Actions, Panel, Facts } from './components/Layout';
export { ChoiceGroup, LanguageSwitch, type ChoiceOption } from './components/Choice';
export { Chip } from './components/Chip';
export { EventStreamParser, type ServerEvent } from './sse';
